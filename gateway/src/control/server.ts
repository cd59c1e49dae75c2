// The control plane on 127.0.0.1: health, readiness, metrics, reload and cache purge.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface ControlTarget {
  ready(): boolean;
  status(): unknown;
  metrics(): Promise<string>;
  reload(): Promise<boolean>;
  purgeCache(apiId: string): Promise<number>;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function startControlPlane(
  target: ControlTarget,
  secret: string,
  port: number,
): Promise<Server> {
  const expected = digest(`Bearer ${secret}`);
  const authorised = (req: IncomingMessage) =>
    // Comparing digests keeps the comparison constant-time whatever length was sent.
    timingSafeEqual(digest(req.headers.authorization ?? ''), expected);

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (req.method === 'GET' && path === '/health') return json(res, 200, { status: 'ok' });
      if (req.method === 'GET' && path === '/ready') {
        return target.ready()
          ? json(res, 200, { status: 'ready', ...(target.status() as object) })
          : json(res, 503, { status: 'starting' });
      }
      if (!authorised(req))
        return json(res, 401, {
          error: {
            code: 'admin.unauthorized',
            message: 'Send Authorization: Bearer $GATEWAY_SECRET.',
          },
        });
      if (req.method === 'GET' && path === '/metrics') {
        const text = await target.metrics();
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        return res.end(text);
      }
      if (req.method === 'POST' && path === '/reload') {
        const ok = await target.reload();
        return json(res, ok ? 200 : 503, { reloaded: ok });
      }
      const purge = /^\/cache\/([A-Za-z0-9_-]{1,64})$/.exec(path ?? '');
      if (req.method === 'DELETE' && purge)
        return json(res, 200, { purged: await target.purgeCache(purge[1]!) });
      return json(res, 404, {
        error: { code: 'route.not_found', message: 'No such control endpoint.' },
      });
    } catch (error) {
      return json(res, 503, {
        error: { code: 'store.unavailable', message: (error as Error).message },
      });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
