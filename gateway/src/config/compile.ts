// Turns loaded configuration into what serves requests: routers, chains and upstream groups.
import { normaliseListenPath, type Policy } from '@turnpike/common';
import { buildChain } from '../pipeline/chain';
import type { CompiledApi } from '../pipeline/compiled-api';
import type { Pools } from '../proxy/pools';
import { UpstreamGroup } from '../proxy/upstream-group';
import { Router } from '../router';
import type { GatewayServices } from '../services';
import type { ConfigData } from './sources';

export interface RuntimeConfig {
  /** APIs served on the public data port. */
  external: Router<CompiledApi>;
  /** APIs marked internal, served only on the internal listener. */
  internal: Router<CompiledApi>;
  policies: Map<string, Policy>;
  groups: UpstreamGroup[];
  apiCount: number;
  data: ConfigData;
}

export function compile(
  data: ConfigData,
  services: Omit<GatewayServices, 'upstreams' | 'policy'>,
  pools: Pools,
  warn: (line: string) => void,
  previous: RuntimeConfig | null = null,
): RuntimeConfig {
  const reusable = new Map<string, UpstreamGroup>();
  for (const group of previous?.groups ?? []) reusable.set(JSON.stringify(group.upstream), group);
  const policies = new Map(data.policies.map((p) => [p.id, p]));
  const groups = new Map<string, UpstreamGroup>();
  const fullServices: GatewayServices = {
    ...services,
    policy: (id) => policies.get(id),
    upstreams: { group: (apiId) => groups.get(apiId)! },
  };
  const external = new Router<CompiledApi>();
  const internal = new Router<CompiledApi>();
  let apiCount = 0;
  const origins = new Set<string>();
  for (const definition of data.apis) {
    if (!definition.active) continue;
    const listenPath = normaliseListenPath(definition.listenPath);
    if (listenPath === null) continue;
    // An unchanged upstream keeps its group, so a reload forgets no health or circuit state.
    const signature = JSON.stringify(definition.upstream);
    const group = reusable.get(signature) ?? new UpstreamGroup(definition.upstream, pools);
    reusable.delete(signature);
    groups.set(definition.id, group);
    const chain = buildChain(definition, fullServices);
    const compiled: CompiledApi = {
      definition,
      handler: chain.handler,
      middleware: chain.names,
      stats: services.metrics.forApi(definition.id),
    };
    const segments = listenPath.split('/').filter((s) => s !== '');
    const router = definition.internal ? internal : external;
    if (!router.add(segments, definition.hosts, compiled)) {
      warn(
        `API ${definition.id}: listen path ${listenPath} is already served by another API; skipped`,
      );
      groups.delete(definition.id);
      continue;
    }
    for (const target of group.targets) origins.add(target.origin);
    apiCount++;
  }
  pools.retainOnly(origins);
  return { external, internal, policies, groups: [...groups.values()], apiCount, data };
}
