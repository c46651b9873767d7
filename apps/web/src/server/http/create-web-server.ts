import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AnyRouter, TRPCError } from '@trpc/server';
import type { Logger } from '@ticketing/log/logger';
import { REQUEST_ID_HEADER, requestIdFrom, withRequestId } from '@ticketing/log/request-context';
import { createRestHandler } from '@ticketing/trpc/server/rest-handler';
import { checkReadiness, sendJson } from '@ticketing/trpc/server/service-server';
import { createTrpcHandler } from '@ticketing/trpc/server/trpc-handler';
import { CLIENT_ADDRESS_HEADER } from '../auth/client-address';

export type NodeRequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface WebServerOptions<TContext> {
  router: AnyRouter;
  createContext: (opts: { req: IncomingMessage; res: ServerResponse }) => TContext;
  /** Named dependency checks for `/readyz`. */
  readiness: Record<string, () => Promise<unknown>>;
  /** Served at `GET /api/openapi.json`. */
  openApiDocument: object;
  /** Next's request handler for pages, `/_next/*` and `/api/auth/*`; without it (tests) those are 404. */
  nextHandler?: NodeRequestHandler;
  logger: Logger;
}

/**
 * The web's HTTP front: the public API is answered here without going through Next's per-request
 * routing (docs/architecture.md §1 budget), and everything else is handed to Next. Every request runs with
 * its request id (the `x-request-id` header, or a new one, echoed back): logs, calls to inventory
 * and orders, and outbox events carry it.
 *
 *   /healthz, /readyz        process up / PostgreSQL and Redis reachable
 *   /api/trpc/*              tRPC (standalone adapter)
 *   GET /api/openapi.json    the OpenAPI document, generated once
 *   /api/auth/*              Next (next-auth)
 *   /api/*                   REST routes of the procedures; anything else there is a JSON 404
 *   anything else            Next (pages, assets)
 */
export function createWebServer<TContext>(options: WebServerOptions<TContext>): http.Server {
  const { router, createContext, logger } = options;
  const onInternalError = (error: TRPCError, req: IncomingMessage) =>
    logger.error({ err: error.cause ?? error, method: req.method, url: req.url }, 'request failed');
  const trpc = createTrpcHandler({ router, createContext, basePath: '/api/trpc', onInternalError });
  const rest = createRestHandler({ router, createContext, prefix: '/api', onInternalError });
  const openApiJson = JSON.stringify(options.openApiDocument);

  const notFound = (req: IncomingMessage, res: ServerResponse) =>
    sendJson(res, 404, { error: 'not_found', message: `No route for ${req.method} ${req.url}` });
  const toNext = (req: IncomingMessage, res: ServerResponse) => {
    if (options.nextHandler) return options.nextHandler(req, res);
    notFound(req, res);
    return Promise.resolve();
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      const { ready, checks } = await checkReadiness(options.readiness);
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', checks });
    }
    if (path.startsWith('/api/trpc/')) return trpc(req, res);
    if (path === '/api/openapi.json' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.statusCode = 200;
      res.setHeader('content-type', 'application/json');
      res.end(openApiJson);
      return;
    }
    if (path.startsWith('/api/auth/')) {
      // The sign-in limit per address trusts only this, never a header the client sent.
      req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? 'unknown';
      return toNext(req, res);
    }
    // The API answers JSON everywhere, also for a path it does not know (Next would send HTML).
    if (path.startsWith('/api/')) return rest(req, res, () => notFound(req, res));
    return toNext(req, res);
  };

  return http.createServer((req, res) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (logger.isLevelEnabled('debug')) {
      const started = performance.now();
      res.once('finish', () =>
        logger.debug(
          {
            request_id: requestId,
            method: req.method,
            url: req.url,
            status: res.statusCode,
            ms: Math.round(performance.now() - started),
          },
          'request',
        ),
      );
    }
    withRequestId(requestId, () =>
      route(req, res).catch((error: unknown) => {
        logger.error({ err: error, method: req.method, url: req.url }, 'unhandled request error');
        if (!res.headersSent) {
          sendJson(res, 500, { error: 'internal_error', message: 'Internal server error' });
        } else {
          res.end();
        }
      }),
    );
  });
}
