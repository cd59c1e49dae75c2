// Allows or denies callers by the client address against the API's IPv4/IPv6 CIDR lists.
import { BlockList, isIP, isIPv4 } from 'node:net';
import type { MiddlewareFactory } from './types';
import { sendError } from '../pipeline/respond';

export function blockListOf(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, bits] = cidr.split('/') as [string, string | undefined];
    const type = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

export function addressIn(list: BlockList, address: string): boolean {
  return list.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
}

export const ipFilter: MiddlewareFactory = {
  name: 'ip-filter',
  appliesTo: (api) => api.ipAllowList.length > 0 || api.ipDenyList.length > 0,
  create(api) {
    const allow = api.ipAllowList.length > 0 ? blockListOf(api.ipAllowList) : null;
    const deny = api.ipDenyList.length > 0 ? blockListOf(api.ipDenyList) : null;
    return (ctx, next) => {
      const ip = ctx.clientIp;
      // A client address that is not an IP (a garbled X-Forwarded-For hop, "host:port") matches no rule:
      // refuse it, or it would slip past every deny list.
      if (isIP(ip) === 0 || (deny && addressIn(deny, ip)) || (allow && !addressIn(allow, ip))) {
        sendError(ctx, 'ip.denied');
        return Promise.resolve();
      }
      return next();
    };
  },
};
