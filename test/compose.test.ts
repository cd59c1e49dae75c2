// docker-compose.yml and the Dockerfile, checked as files (no Docker engine here): the services, images,
// published ports, health checks and start order the README promises.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../scripts/lib/stores';

interface ComposeService {
  image?: string;
  build?: { context: string; target: string };
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const services = compose.services;
const turnpike = ['gateway', 'dashboard', 'pump'] as const;

/** The host side of every published port, whatever the short syntax used. */
function publishedPorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((entry) => {
    const parts = String(entry).split(':');
    return Number(parts.length >= 2 ? parts[parts.length - 2] : parts[0]);
  });
}

describe('docker-compose.yml', () => {
  it('has the stores on the official images, Redis with AOF, both on named volumes', () => {
    expect(Object.keys(services).sort()).toEqual([
      'dashboard',
      'gateway',
      'mongo',
      'pump',
      'redis',
    ]);
    expect(services.mongo!.image).toBe('mongo:7');
    expect(services.redis!.image).toBe('redis:7');
    expect(services.redis!.command?.join(' ')).toMatch(/--appendonly yes/);
    for (const store of ['mongo', 'redis']) {
      const volume = String((services[store] as { volumes: string[] }).volumes[0]).split(':')[0]!;
      expect(compose.volumes).toHaveProperty(volume);
    }
  });

  it('builds the three services from the one Dockerfile, each its own target', () => {
    for (const name of turnpike) {
      expect(services[name]!.build).toEqual({ context: '.', target: name });
      expect(dockerfile).toMatch(new RegExp(`^FROM \\S+ AS ${name}$`, 'm'));
    }
  });

  it('points every service at the compose stores', () => {
    for (const name of turnpike) {
      expect(services[name]!.environment).toMatchObject({
        MONGODB_URL: 'mongodb://mongo:27017/turnpike',
        REDIS_URL: 'redis://redis:6379',
      });
    }
  });

  it('requires GATEWAY_SECRET instead of defaulting it, for both services that use it', () => {
    for (const name of ['gateway', 'dashboard']) {
      expect(services[name]!.environment?.GATEWAY_SECRET).toMatch(/^\$\{GATEWAY_SECRET:\?.+\}$/);
    }
  });

  it('publishes 8080 and 3000, and never the control port 8081', () => {
    expect(publishedPorts(services.gateway!)).toEqual([8080]);
    expect(publishedPorts(services.dashboard!)).toEqual([3000]);
    for (const [name, service] of Object.entries(services)) {
      expect(publishedPorts(service), name).not.toContain(8081);
      for (const entry of service.ports ?? []) expect(String(entry), name).not.toMatch(/8081/);
    }
  });

  it('gives every service a health check that looks at the right thing', () => {
    const test = (name: string) => services[name]!.healthcheck!.test.join(' ');
    expect(test('mongo')).toMatch(/mongosh .*ping/);
    expect(test('redis')).toMatch(/redis-cli ping/);
    expect(test('gateway')).toContain('http://127.0.0.1:8081/ready');
    expect(test('dashboard')).toContain('http://127.0.0.1:3000/api/health');
    expect(test('pump')).toContain('scripts/healthcheck.ts');
  });

  it('starts the services only once the stores are healthy', () => {
    for (const name of turnpike) {
      expect(services[name]!.depends_on).toEqual({
        mongo: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
  });
});

describe('Dockerfile', () => {
  it('starts from node:20, installs with npm ci and builds the dashboard', () => {
    expect(dockerfile).toMatch(/^FROM node:20\S* AS /m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/next build/);
  });

  it('names each service command', () => {
    expect(dockerfile).toContain('CMD ["node", "--import", "tsx", "gateway/src/main.ts"]');
    expect(dockerfile).toContain('CMD ["node", "--import", "tsx", "pump/src/main.ts"]');
    expect(dockerfile).toMatch(/CMD \[".*next", "start", "-H", "0\.0\.0\.0", "-p", "3000"\]/);
  });
});
