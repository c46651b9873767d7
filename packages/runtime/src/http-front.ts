import http, { type IncomingMessage, type ServerResponse } from 'node:http';

import type { Logger } from '@ticketing/log/logger';
import { REQUEST_ID_HEADER, requestIdFrom, withRequestId } from '@ticketing/log/request-context';

import { answerClientError } from './client-error';
import { type FrontMetrics, registerFront, type RequestSample } from './front-metrics';
import { checkReadiness, type ReadinessChecks } from './readiness';
import { readBody } from './request-body';
// Types only: a worker's front (health alone) loads neither tRPC nor trpc-to-openapi.
import type { RestHandler } from './rest-handler';
import { type SecurityHeaderOptions, setSecurityHeaders } from './security-headers';
import { sendJson } from './send-json';
import type { TrpcHandler } from './trpc-handler';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** A route answered by the front itself, before REST (the web's OpenAPI document, next-auth). */
export interface FrontRoute {
  /** An exact path, or a prefix when it ends with `/`. */
  path: string;
  /** The methods it answers; a request with another goes on to REST. Default: every method. */
  methods?: readonly string[];
  /** `next()` hands the request on to where it would have gone without this route (REST, …). */
  handle: (
    req: IncomingMessage,
    res: ServerResponse,
    next: () => Promise<void>,
  ) => Promise<void> | void;
}

export type { RequestSample };

export interface HttpFrontOptions {
  /** Unhandled errors (and, at debug level, every request) are logged here. */
  logger?: Logger;
  /** false: `/healthz` answers 503 `stopping`. A front that stopped listening always does. */
  alive?: () => boolean;
  /** More fields of the `/healthz` body (a worker's connections and circuits). */
  health?: () => Record<string, unknown>;
  /** Named dependency checks of `/readyz`. */
  readiness?: ReadinessChecks;
  /** tRPC under `trpc.basePath`, fast lane first. */
  trpc?: TrpcHandler;
  routes?: readonly FrontRoute[];
  /** The REST routes of the procedures under `rest.prefix`. */
  rest?: RestHandler;
  /**
   * Paths under this prefix are the API's: one nobody serves answers a JSON 404 and never goes to
   * `fallback` (which would answer HTML). Without a fallback every path is the API's.
   */
  apiPrefix?: string;
  /** Whatever is not the API's (Next's handler on the web). */
  fallback?: NodeHandler;
  /** The one body limit of tRPC and REST, in bytes; a longer body answers 413. */
  bodyLimit?: number;
  /**
   * `GET /metrics` (Prometheus text) and a timing of every other request. The process context
   * attaches its own to every front it serves (front-metrics.ts), so this is for a bare front.
   */
  metrics?: FrontMetrics;
  /** The security headers every answer carries (security-headers.ts): HSTS over TLS. */
  security?: SecurityHeaderOptions;
  /**
   * Runs before routing: answers the request itself and returns true to stop it there (the web's
   * cross-site refusal of admin writes).
   */
  guard?: (req: IncomingMessage, res: ServerResponse, path: string) => boolean;
}

export const DEFAULT_BODY_LIMIT = 64 * 1024;

const tooLarge = (res: ServerResponse) =>
  sendJson(res, 413, { error: 'payload_too_large', message: 'Request body too large' });

/**
 * The one HTTP front of every process (docs/architecture.md §1). Every request runs with its
 * request id (the `x-request-id` header, or a new one, echoed back), so logs, calls to other
 * services and outbox events carry it. In order:
 *
 *   /healthz            the process is up (503 `stopping` once it is shutting down)
 *   /readyz             every readiness check passes (503 naming the one that does not)
 *   trpc.basePath/*     tRPC (fast lane, then tRPC's standalone adapter)
 *   routes              the front's own routes (exact path or prefix)
 *   rest.prefix/*       REST routes of the procedures (trpc-to-openapi)
 *   apiPrefix/*         a JSON 404
 *   anything else       `fallback`, or a JSON 404 without one
 *
 * An unhandled error answers a JSON 500 (its cause is logged, never sent).
 */
export function createHttpFront(options: HttpFrontOptions): http.Server {
  const { logger, trpc, rest, fallback } = options;
  const routes = options.routes ?? [];
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const trpcPrefix = trpc && `${trpc.basePath}/`;
  const restPrefix = rest && `${rest.prefix}/`;
  const apiPrefix = options.apiPrefix && `${options.apiPrefix.replace(/\/$/, '')}/`;
  const servesApi = Boolean(trpc || rest || routes.length > 0 || fallback);
  const readiness = options.readiness ?? {};
  let metrics = options.metrics;

  const notFound = (req: IncomingMessage, res: ServerResponse) =>
    sendJson(res, 404, {
      error: 'not_found',
      message: servesApi ? `No route for ${req.method} ${req.url}` : 'not found',
    });
  const afterApi = (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (fallback && !(apiPrefix && path.startsWith(apiPrefix))) return fallback(req, res);
    notFound(req, res);
  };
  const routeFor = (path: string, method: string | undefined) =>
    routes.find(
      (route) =>
        (route.path.endsWith('/') ? path.startsWith(route.path) : path === route.path) &&
        (!route.methods || (method !== undefined && route.methods.includes(method))),
    );

  const failed = (req: IncomingMessage, res: ServerResponse) => (error: unknown) => {
    logger?.error({ err: error, method: req.method, url: req.url }, 'unhandled request error');
    if (!res.headersSent) {
      sendJson(res, 500, { error: 'internal_error', message: 'Internal server error' });
    } else {
      res.end();
    }
  };

  /** A bounded label of the path, never the raw URL: the way `route` below would answer it. */
  const routeLabel = (path: string, method: string | undefined): string => {
    if (path === '/healthz' || path === '/readyz') return 'health';
    if (trpc && trpcPrefix && path.startsWith(trpcPrefix)) {
      return trpc.routeOf?.(path.slice(trpcPrefix.length)) ?? 'trpc_unknown';
    }
    const own = routeFor(path, method);
    if (own) return own.path;
    const restRoute =
      rest && restPrefix && path.startsWith(restPrefix) && rest.routeOf?.(method, path);
    if (restRoute) return restRoute;
    if (fallback && !(apiPrefix && path.startsWith(apiPrefix))) return 'page';
    return 'not_found';
  };

  const route = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (options.guard?.(req, res, path)) return;
    if (metrics && path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
      const { contentType, body } = await metrics.render();
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (path === '/healthz') {
      const up = server.listening && (options.alive?.() ?? true);
      return sendJson(res, up ? 200 : 503, {
        status: up ? 'ok' : 'stopping',
        ...options.health?.(),
      });
    }
    if (path === '/readyz') {
      const { ready, checks } = await checkReadiness(readiness);
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', checks });
    }
    if (trpc && trpcPrefix && path.startsWith(trpcPrefix)) {
      const body = await readBody(req, bodyLimit);
      return body ? trpc.handle(req, res, body) : tooLarge(res);
    }
    const own = routeFor(path, req.method);
    if (own) return own.handle(req, res, () => beyondRoutes(req, res, path));
    return beyondRoutes(req, res, path);
  };

  const beyondRoutes = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (rest && restPrefix && path.startsWith(restPrefix)) {
      const next = () =>
        void Promise.resolve()
          .then(() => afterApi(req, res, path))
          .catch(failed(req, res));
      return rest.handle(req, res, { bodyLimit, next });
    }
    return afterApi(req, res, path);
  };

  const observe = (req: IncomingMessage, res: ServerResponse, path: string, requestId: string) => {
    const started = performance.now();
    res.once('finish', () => {
      const ms = performance.now() - started;
      const method = req.method ?? 'GET';
      const status = res.statusCode;
      if (metrics && path !== '/metrics') {
        metrics.observe({ method, route: routeLabel(path, method), status, seconds: ms / 1000 });
      }
      if (logger?.isLevelEnabled('debug')) {
        logger.debug(
          { request_id: requestId, url: req.url, method, path, status, ms: Math.round(ms) },
          'request',
        );
      }
    });
  };

  const server = http.createServer((req, res) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    setSecurityHeaders(req, res, options.security);
    // Shutting down: the answer closes its connection, so the drain does not wait for keep-alive.
    if (!server.listening) res.setHeader('connection', 'close');
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    if (metrics || logger?.isLevelEnabled('debug')) observe(req, res, path, requestId);
    void withRequestId(requestId, () => route(req, res, path).catch(failed(req, res)));
  });
  server.on('clientError', answerClientError);
  registerFront(server, (attached) => {
    metrics = attached;
  });
  return server;
}
