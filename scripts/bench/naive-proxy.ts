// Row N, the yardstick: the least a Node reverse proxy can do (node:http in, undici pool out, no checks).
// Usage: node --import tsx scripts/bench/naive-proxy.ts <listen port> <upstream origin>
import { createServer } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';

const [port, upstream] = process.argv.slice(2);
if (!port || !upstream) throw new Error('usage: naive-proxy.ts <port> <upstream origin>');

const pool = new Pool(upstream, { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 });
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);

const server = createServer(async (req, res) => {
  try {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'host') headers[name] = value;
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const upstreamResponse = await pool.request({
      path: req.url ?? '/',
      method: req.method as 'GET',
      headers,
      body: hasBody ? req : null,
    });
    for (const [name, value] of Object.entries(upstreamResponse.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
    }
    res.statusCode = upstreamResponse.statusCode;
    await pipeline(upstreamResponse.body, res);
  } catch {
    if (!res.headersSent) res.writeHead(502).end();
    else res.destroy();
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => void pool.close().then(() => process.exit(0))));
