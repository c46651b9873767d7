import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyRouter, TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { describeError } from './error-shape';

export interface TrpcHandlerOptions<TContext> {
  router: AnyRouter;
  createContext: (opts: {
    req: IncomingMessage;
    res: ServerResponse;
  }) => Promise<TContext> | TContext;
  /** Where the tRPC endpoint is mounted, e.g. `/trpc` or `/api/trpc`. */
  basePath: string;
  onInternalError?: (error: TRPCError, req: IncomingMessage) => void;
}

/**
 * tRPC's standalone Node adapter, the leanest well-kept one (no framework in between); an error
 * answers the same HTTP status as the REST route of the procedure would.
 */
export function createTrpcHandler<TContext>(options: TrpcHandlerOptions<TContext>) {
  return createHTTPHandler({
    router: options.router,
    // With the trailing slash: the adapter slices this many characters off the path, and tRPC
    // 11.22 no longer forgives a leading `/` left on the procedure name.
    basePath: options.basePath.endsWith('/') ? options.basePath : `${options.basePath}/`,
    createContext: ({ req, res }) => options.createContext({ req, res }),
    responseMeta: ({ errors }) => {
      const [error] = errors;
      return error ? { status: describeError(error).status } : {};
    },
    onError: ({ error, req }) => {
      if (describeError(error).status >= 500) options.onInternalError?.(error, req);
    },
  });
}
