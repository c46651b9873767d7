import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyRouter } from '@trpc/server';
import type { TRPCError } from '@trpc/server';
import { createOpenApiNodeHttpHandler, type OpenApiRouter } from 'trpc-to-openapi';
import { describeError, type PublicError } from './error-shape';
import type { Meta } from './procedure-helpers';
import { keepBodyInputsStrict } from './strict-body-input';

export interface RestHandlerOptions<TContext> {
  router: AnyRouter;
  createContext: (opts: {
    req: IncomingMessage;
    res: ServerResponse;
  }) => Promise<TContext> | TContext;
  /** Path prefix of the REST routes, stripped before matching (`/api` on the web). */
  prefix?: string;
  onInternalError?: (error: TRPCError, req: IncomingMessage) => void;
}

export type NodeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: () => void,
) => Promise<void>;

/**
 * REST routes of a router's procedures (their `meta.openapi`), answering the contract's shapes:
 * success statuses from `meta.successStatus`, errors as `{error, message}` with the exact status.
 */
export function createRestHandler<TContext>(options: RestHandlerOptions<TContext>): NodeHandler {
  const { router, prefix = '' } = options;
  keepBodyInputsStrict(router);
  const failures = new WeakMap<IncomingMessage, { status: number; body: PublicError }>();
  const successStatus = (path: string | undefined) => {
    const procedure = path ? router._def.procedures[path] : undefined;
    const meta = (procedure as { _def?: { meta?: Meta } } | undefined)?._def?.meta;
    return meta?.successStatus ?? 200;
  };

  const handler = createOpenApiNodeHttpHandler({
    router: router as OpenApiRouter,
    createContext: ({ req, res }) => options.createContext({ req, res: res as ServerResponse }),
    maxBodySize: 64 * 1024,
    onError: ({ error, req }) => {
      const described = describeError(error);
      failures.set(req, described);
      if (described.status >= 500) options.onInternalError?.(error, req);
    },
    responseMeta: ({ errors, paths }) => {
      const [error] = errors;
      if (error) return { status: describeError(error).status };
      return { status: successStatus(paths?.[0]) };
    },
  });

  return async (req, res, next) => {
    const originalUrl = req.url ?? '/';
    if (prefix) req.url = originalUrl.slice(prefix.length) || '/';
    normaliseBodyHeaders(req);
    // trpc-to-openapi writes its own error body; the contract's body replaces it here.
    const originalEnd = res.end;
    const end = originalEnd.bind(res);
    // A path that is no REST route goes on (to Next, on the web) untouched.
    const fallThrough = next
      ? () => {
          req.url = originalUrl;
          res.end = originalEnd;
          next();
        }
      : undefined;
    res.end = ((...args: Parameters<ServerResponse['end']>) => {
      const failure = failures.get(req);
      if (failure) return end(JSON.stringify(failure.body));
      if (res.statusCode === 204) return end();
      return end(...args);
    }) as ServerResponse['end'];
    await handler(req, res, fallThrough);
  };
}

/**
 * Bodyless POSTs (confirm, cancel) and `application/json; charset=utf-8` are both fine for the
 * contract; trpc-to-openapi only accepts the bare `application/json`.
 */
function normaliseBodyHeaders(req: IncomingMessage) {
  const type = req.headers['content-type'];
  if (type === undefined) {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      req.headers['content-type'] = 'application/json';
  } else if (type.startsWith('application/json')) {
    req.headers['content-type'] = 'application/json';
  }
}
