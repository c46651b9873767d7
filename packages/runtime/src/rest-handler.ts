import type { IncomingMessage, ServerResponse } from 'node:http';

import { type DescribedError, describeError } from '@ticketing/trpc/server/error-shape';
import type { Meta } from '@ticketing/trpc/server/procedure-helpers';
import { keepBodyInputsStrict } from '@ticketing/trpc/server/strict-body-input';
import type { AnyRouter, TRPCError } from '@trpc/server';
import { createOpenApiNodeHttpHandler, type OpenApiRouter } from 'trpc-to-openapi';

import { createMethodRules, type RestMethodOptions } from './rest-methods';

export interface RestHandlerOptions<TContext> extends RestMethodOptions {
  router: AnyRouter;
  createContext: (opts: {
    req: IncomingMessage;
    res: ServerResponse;
  }) => Promise<TContext> | TContext;
  /** Path prefix of the REST routes, stripped before matching (`/api` on the web). */
  prefix?: string;
  onInternalError?: (error: TRPCError, req: IncomingMessage) => void;
}

export interface RestRequestOptions {
  /** The front's body limit: a longer body answers 413 `payload_too_large`. */
  bodyLimit: number;
  /** A path that is no REST route goes here, untouched (the front's JSON 404, or Next). */
  next: () => void;
}

/** REST as the HTTP front mounts it: trpc-to-openapi reads the body itself, under the front's limit. */
export interface RestHandler {
  /** Without the trailing slash; `''` serves every path. */
  readonly prefix: string;
  handle(req: IncomingMessage, res: ServerResponse, options: RestRequestOptions): Promise<void>;
  /** The metrics label of a request: its route's template (`/api/holds/{id}`), or undefined. */
  routeOf?(method: string | undefined, path: string): string | undefined;
}

/**
 * REST routes of a router's procedures (their `meta.openapi`), answering the contract's shapes:
 * success statuses from `meta.successStatus`, errors as `{error, message}` with the exact status.
 */
export function createRestHandler<TContext>(options: RestHandlerOptions<TContext>): RestHandler {
  const { router } = options;
  const prefix = (options.prefix ?? '').replace(/\/$/, '');
  keepBodyInputsStrict(router);
  const methodRules = createMethodRules(router, options);
  const failures = new WeakMap<IncomingMessage, DescribedError>();
  const successStatus = (path: string | undefined) => {
    const procedure = path ? router._def.procedures[path] : undefined;
    const meta = (procedure as { _def?: { meta?: Meta } } | undefined)?._def?.meta;
    return meta?.successStatus ?? 200;
  };

  // trpc-to-openapi takes the body limit when the handler is made; a front has one limit.
  const handlers = new Map<number, ReturnType<typeof createOpenApiNodeHttpHandler>>();
  const handlerFor = (maxBodySize: number) => {
    let handler = handlers.get(maxBodySize);
    if (!handler) {
      handler = createOpenApiNodeHttpHandler({
        router: router as OpenApiRouter,
        createContext: ({ req, res }) => options.createContext({ req, res: res as ServerResponse }),
        maxBodySize,
        onError: ({ error, req }) => {
          const described = describeError(error);
          failures.set(req, described);
          if (described.status >= 500) options.onInternalError?.(error, req);
        },
        responseMeta: ({ errors, paths }) => {
          const [error] = errors;
          if (error) {
            const { status, headers } = describeError(error);
            return { status, headers };
          }
          return { status: successStatus(paths?.[0]) };
        },
      });
      handlers.set(maxBodySize, handler);
    }
    return handler;
  };

  let templates: RouteTemplate[] | undefined;
  return {
    prefix,
    routeOf(method, path) {
      templates ??= routeTemplates(router, prefix);
      const local = path.slice(prefix.length);
      return templates.find((route) => route.method === method && route.pattern.test(local))?.label;
    },
    async handle(req, res, { bodyLimit, next }) {
      const originalUrl = req.url ?? '/';
      if (prefix) req.url = originalUrl.slice(prefix.length) || '/';
      // HEAD, OPTIONS and 405 from the route table; a path not in it goes on untouched.
      if (methodRules(req, res, (req.url ?? '/').split('?')[0] ?? '/').kind === 'answered') return;
      normaliseBodyHeaders(req);
      // trpc-to-openapi writes its own error body; the contract's body replaces it here.
      const originalEnd = res.end;
      const end = originalEnd.bind(res);
      const fallThrough = () => {
        req.url = originalUrl;
        res.end = originalEnd;
        next();
      };
      res.end = ((...args: Parameters<ServerResponse['end']>) => {
        const failure = failures.get(req);
        if (failure) return end(JSON.stringify(failure.body));
        if (res.statusCode === 204) return end();
        return end(...args);
      }) as ServerResponse['end'];
      await handlerFor(bodyLimit)(req, res, fallThrough);
    },
  };
}

interface RouteTemplate {
  method: string;
  pattern: RegExp;
  label: string;
}

/** The REST routes of the router, literal routes before parametrised ones (`/holds/mine` before `/holds/{id}`). */
function routeTemplates(router: AnyRouter, prefix: string): RouteTemplate[] {
  const routes: RouteTemplate[] = [];
  for (const procedure of Object.values(router._def.procedures as Record<string, unknown>)) {
    const openapi = (
      procedure as { _def?: { meta?: { openapi?: { method?: string; path?: string } } } }
    )._def?.meta?.openapi;
    if (!openapi?.method || !openapi.path) continue;
    const template = openapi.path.replace(/\/$/, '');
    const source = template
      .split('/')
      .map((part) =>
        /^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    routes.push({
      method: openapi.method.toUpperCase(),
      pattern: new RegExp(`^${source}/?$`),
      label: `${prefix}${template}`,
    });
  }
  const params = (route: RouteTemplate) => (route.label.match(/\{/g) ?? []).length;
  return routes.sort((a, b) => params(a) - params(b));
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
