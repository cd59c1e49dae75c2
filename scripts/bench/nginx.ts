// The nginx under test: one worker serving a 1 KB body (the upstream) and proxying to it with keepalive.
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForPort } from '../lib/stores';
import { captureOutput, makeTempDir, startProcess } from './processes';
import { pinned } from './tools';

export const BODY_BYTES = 1024;

export interface NginxPorts {
  /** Serves the body directly: scenario A and every other scenario's upstream. */
  origin: number;
  /** proxy_pass to the origin with upstream keepalive: scenario B. */
  proxy: number;
}

export interface Nginx {
  child: ChildProcess;
  ports: NginxPorts;
}

/** A JSON body of exactly `bytes` bytes, so sizes read the same in every tool. */
export function benchBody(bytes = BODY_BYTES): string {
  const head = '{"service":"turnpike-bench","padding":"';
  const tail = '"}\n';
  return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
}

export function nginxConfig(dir: string, ports: NginxPorts): string {
  const www = join(dir, 'www');
  return `# Written by scripts/bench/nginx.ts for one bench run.
daemon off;
master_process on;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;

events {
  worker_connections 8192;
}

http {
  access_log off;
  default_type application/json;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  # The default (1000) would close every load connection regularly and skew the proxies' numbers.
  keepalive_requests 100000000;
  client_body_temp_path ${join(dir, 'tmp', 'client')};
  proxy_temp_path ${join(dir, 'tmp', 'proxy')};
  fastcgi_temp_path ${join(dir, 'tmp', 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'tmp', 'uwsgi')};
  scgi_temp_path ${join(dir, 'tmp', 'scgi')};

  server {
    listen 127.0.0.1:${ports.origin} backlog=4096;
    root ${www};
    location / {
      try_files /body.json =404;
    }
  }

  upstream origin {
    server 127.0.0.1:${ports.origin};
    keepalive 128;
    keepalive_requests 100000000;
  }

  server {
    listen 127.0.0.1:${ports.proxy} backlog=4096;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

/** Writes the config and body into a temp dir of its own and starts nginx pinned to `cpuList`. */
export async function startNginx(ports: NginxPorts, cpuList: string): Promise<Nginx> {
  // Its own dir, not one under the bench's private (0700) dir: a worker running as "nobody" must reach it.
  const dir = makeTempDir('nginx');
  mkdirSync(join(dir, 'www'), { recursive: true });
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  // When the bench runs as root, nginx's worker drops to "nobody" and must still read the body.
  for (const path of [dir, join(dir, 'www')]) chmodSync(path, 0o755);
  writeFileSync(join(dir, 'www', 'body.json'), benchBody());
  const configFile = join(dir, 'nginx.conf');
  writeFileSync(configFile, nginxConfig(dir, ports));
  const [command, args] = pinned(cpuList, 'nginx', [
    '-p',
    dir,
    '-c',
    configFile,
    '-e',
    join(dir, 'error.log'),
  ]);
  const child = startProcess(command, args);
  const output = captureOutput(child);
  try {
    await waitForPort(ports.origin, 10_000, 'nginx', child);
    await waitForPort(ports.proxy, 10_000, 'nginx', child);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${output()}`);
  }
  return { child, ports };
}
