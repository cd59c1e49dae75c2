// Composes middleware into an onion; calling next() twice is a bug that throws, not a double proxy.
import type { Middleware, Next, RequestContext } from './context';

export type Handler = (ctx: RequestContext) => Promise<void>;

export function compose(middleware: readonly Middleware[]): Handler {
  if (middleware.length === 0) throw new Error('a chain needs at least its terminal middleware');
  if (middleware.length === 1) {
    const only = middleware[0]!;
    return (ctx) => only(ctx, noNext);
  }
  return (ctx) => {
    let index = -1;
    const dispatch = (i: number): Promise<void> => {
      if (i <= index) return Promise.reject(new Error('next() called more than once'));
      index = i;
      const fn = middleware[i];
      if (fn === undefined) return noNext();
      return fn(ctx, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}

const noNext: Next = () => Promise.reject(new Error('the terminal middleware called next()'));
