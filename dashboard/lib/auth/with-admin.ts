// Wraps a route handler: authenticates the caller, checks the role's permission and CSRF, renders errors.
import { TurnpikeError } from '@turnpike/common';
import { errorResponse } from '../http';
import { authenticate } from './authenticate';
import { hasSameOrigin, isSafeMethod } from './csrf';
import { can, type Permission } from './roles';
import type { AdminUser } from '../users/store';

export interface AdminContext {
  user: AdminUser;
  params: Record<string, string>;
}

export type AdminHandler = (request: Request, context: AdminContext) => Promise<Response>;

interface RouteContext {
  params: Promise<Record<string, string>>;
}

export function withAdmin(handler: AdminHandler, options: { permission: Permission }) {
  return async (request: Request, route: RouteContext): Promise<Response> => {
    try {
      const caller = await authenticate(request);
      if (!caller) throw new TurnpikeError('admin.unauthorized');
      if (caller.via === 'cookie' && !isSafeMethod(request.method) && !hasSameOrigin(request)) {
        throw new TurnpikeError('admin.forbidden', [
          { path: '(origin)', message: 'cross-site request refused' },
        ]);
      }
      if (!can(caller.user.role, options.permission)) throw new TurnpikeError('admin.forbidden');
      return await handler(request, { user: caller.user, params: await route.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
