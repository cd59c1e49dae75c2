// The rows of the table: what each scenario loads, and the single request that proves it answers correctly.
import type { ScenarioId } from './options';
import type { BenchCredentials } from './gateway';
import { BODY_BYTES } from './nginx';

export interface Scenario {
  id: ScenarioId;
  label: string;
  url: string;
  headers: Record<string, string>;
  /** Served by Turnpike: Redis counts and gateway RSS apply. */
  gateway: boolean;
}

export interface Targets {
  origin: number;
  proxy: number;
  naive: number;
  gateway?: { port: number; credentials: BenchCredentials };
}

export function buildScenarios(targets: Targets): Scenario[] {
  const scenarios: Scenario[] = [
    {
      id: 'A',
      label: 'nginx direct',
      url: `http://127.0.0.1:${targets.origin}/`,
      headers: {},
      gateway: false,
    },
    {
      id: 'B',
      label: 'nginx proxy_pass keepalive',
      url: `http://127.0.0.1:${targets.proxy}/`,
      headers: {},
      gateway: false,
    },
    {
      id: 'N',
      label: 'naive node proxy (undici)',
      url: `http://127.0.0.1:${targets.naive}/`,
      headers: {},
      gateway: false,
    },
  ];
  const gateway = targets.gateway;
  if (!gateway) return scenarios;
  const base = `http://127.0.0.1:${gateway.port}`;
  const { apiKey, jwt } = gateway.credentials;
  scenarios.push(
    { id: 'C', label: 'Turnpike keyless', url: `${base}/open/`, headers: {}, gateway: true },
    {
      id: 'D',
      label: 'Turnpike key + rate limit + quota',
      url: `${base}/keyed/`,
      headers: { Authorization: apiKey },
      gateway: true,
    },
    { id: 'E', label: 'Turnpike cache hit', url: `${base}/cached/`, headers: {}, gateway: true },
    {
      id: 'F',
      label: 'Turnpike JWT HS256',
      url: `${base}/jwt/`,
      headers: { Authorization: `Bearer ${jwt}` },
      gateway: true,
    },
  );
  return scenarios;
}

export const GATEWAY_IDS: readonly ScenarioId[] = ['C', 'D', 'E', 'F'];

/**
 * Sends one request as the load will (twice for the cache, so the second is a hit) and lists what the
 * contract says should be there and is not. An empty list means the scenario measures what it claims.
 */
export async function probe(scenario: Scenario): Promise<string[]> {
  const issues: string[] = [];
  const send = async () => {
    const response = await fetch(scenario.url, {
      headers: scenario.headers,
      signal: AbortSignal.timeout(10_000),
    });
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  };
  try {
    let { response, body } = await send();
    if (scenario.id === 'E') ({ response, body } = await send());
    if (response.status !== 200)
      issues.push(`status ${response.status}: ${body.toString('utf8', 0, 300)}`);
    else if (body.length !== BODY_BYTES)
      issues.push(`body of ${body.length} bytes, expected ${BODY_BYTES}`);
    if (!scenario.gateway) return issues;
    if (!response.headers.get('x-gtxid')) issues.push('no X-Gtxid header');
    if (scenario.id === 'D') {
      for (const name of [
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-quota-limit',
        'x-quota-remaining',
      ]) {
        if (response.headers.get(name) === null) issues.push(`no ${name} header`);
      }
    }
    if (scenario.id === 'E' && response.headers.get('x-cache') !== 'HIT') {
      issues.push(
        `second request X-Cache is ${response.headers.get('x-cache') ?? 'absent'}, expected HIT`,
      );
    }
  } catch (error) {
    issues.push(`request failed: ${(error as Error).message}`);
  }
  return issues;
}
