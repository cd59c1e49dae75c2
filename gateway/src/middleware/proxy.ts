// The terminal middleware: forwards to the API's upstream group.
import { forward } from '../proxy/forward';
import type { MiddlewareFactory } from './types';

export const proxy: MiddlewareFactory = {
  name: 'proxy',
  appliesTo: () => true,
  create(api, services) {
    const group = services.upstreams.group(api.id);
    return (ctx) => forward(ctx, group);
  },
};
