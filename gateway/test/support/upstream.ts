// A real HTTP upstream for gateway tests: echoes requests and offers slow, failing, large and uncacheable routes.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
}

export interface Upstream {
  url: string;
  port: number;
  seen: SeenRequest[];
  /** Requests currently being answered. */
  active: () => number;
  close(): Promise<void>;
}

/**
 * Routes: /slow?ms=N waits; /status/N answers N; /bytes?n=N streams N bytes; /nostore and /private
 * answer with that Cache-Control; /health answers 200 unless `healthy` is false; anything else echoes JSON.
 */
export async function startUpstream(
  options: { name?: string; healthy?: () => boolean } = {},
): Promise<Upstream> {
  const seen: SeenRequest[] = [];
  let active = 0;
  const server: Server = createServer((req, res) => {
    active++;
    res.on('close', () => active--);
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://upstream');
      if (url.pathname !== '/health')
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          bodyBytes,
        });
      const name = options.name ?? 'upstream';
      if (url.pathname === '/health') {
        res.writeHead(options.healthy?.() === false ? 503 : 200).end('ok');
      } else if (url.pathname === '/slow') {
        const timer = setTimeout(
          () => res.writeHead(200, { 'x-upstream': name }).end('slow'),
          Number(url.searchParams.get('ms') ?? 1000),
        );
        res.on('close', () => clearTimeout(timer));
      } else if (url.pathname.startsWith('/status/')) {
        res.writeHead(Number(url.pathname.slice(8)), { 'x-upstream': name }).end();
      } else if (url.pathname === '/bytes') {
        streamBytes(res, Number(url.searchParams.get('n') ?? 0));
      } else if (url.pathname === '/nostore' || url.pathname === '/private') {
        res
          .writeHead(200, {
            'cache-control': url.pathname === '/nostore' ? 'no-store' : 'private, max-age=60',
            'x-upstream': name,
          })
          .end(`fresh ${Date.now()} ${Math.random()}`);
      } else {
        const body = JSON.stringify({
          upstream: name,
          method: req.method,
          url: req.url,
          headers: req.headers,
          bodyBytes,
          n: Math.random(),
        });
        res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': name }).end(body);
      }
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    active: () => active,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function streamBytes(res: import('node:http').ServerResponse, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 120);
  let sent = 0;
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(total),
  });
  const write = () => {
    while (sent < total) {
      const piece = Math.min(chunk.length, total - sent);
      sent += piece;
      if (!res.write(piece === chunk.length ? chunk : chunk.subarray(0, piece))) {
        res.once('drain', write);
        return;
      }
    }
    res.end();
  };
  write();
}
