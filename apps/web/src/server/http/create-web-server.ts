import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Logger } from '@ticketing/log/logger';
import { createHttpFront, type FrontRoute } from '@ticketing/runtime/http-front';
import type { ReadinessChecks } from '@ticketing/runtime/readiness';
import { createRestHandler } from '@ticketing/runtime/rest-handler';
import { createTrpcHandler } from '@ticketing/runtime/trpc-handler';
import type { AnyRouter, TRPCError } from '@trpc/server';

import { recordClientAddress } from '../auth/client-address';
import { createCrossSiteGuard } from './cross-site-guard';
import { createEventListRoute, type EventListRouteOptions } from './event-list-route';
import type { PageCacheHandler } from './page-cache';
import { withPagePolicy } from './page-security';

export type NodeRequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface WebServerOptions<TContext> {
  router: AnyRouter;
  createContext: (opts: { req: IncomingMessage; res: ServerResponse }) => TContext;
  /** Named dependency checks for `/readyz`. */
  readiness: ReadinessChecks;
  /** Served at `GET /api/openapi.json`. */
  openApiDocument: object;
  /** Next's request handler for pages, `/_next/*` and `/api/auth/*`; without it (tests) those are 404. */
  nextHandler?: NodeRequestHandler;
  /** Storefront HTML kept per catalog version in front of Next (production only). */
  pageCache?: PageCacheHandler;
  logger: Logger;
  /** TRUSTED_PROXY_HOPS: proxies whose X-Forwarded-For entries name the client; 0: the socket. */
  trustedProxyHops?: number;
  /** Next in development: the page policy allows its hot reload (page-security.ts). */
  dev?: boolean;
  /** `Strict-Transport-Security` max-age on answers over TLS; 0 or absent: none. */
  hstsMaxAgeSeconds?: number;
  /** The app's own URL (NEXTAUTH_URL): admin writes from another origin are refused. */
  appUrl?: string;
  /** `GET /api/events` from the answer kept in the catalog cache; without it, the REST route. */
  eventList?: EventListRouteOptions;
}

/**
 * The web's HTTP front (the shared one of @ticketing/runtime/http-front): the public API is
 * answered here without going through Next's per-request routing (docs/architecture.md §1
 * budget), and everything else is handed to Next. Every request runs with its request id (the
 * `x-request-id` header, or a new one, echoed back): logs, calls to inventory and orders, and
 * outbox events carry it.
 *
 *   /healthz, /readyz        process up / PostgreSQL and Redis reachable
 *   /api/trpc/*              tRPC (fast lane, then the standalone adapter)
 *   GET /api/openapi.json    the OpenAPI document, generated once
 *   GET /api/events          the event list's kept answer (event-list-route.ts)
 *   /api/auth/*              Next (next-auth)
 *   /api/*                   REST routes of the procedures; anything else there is a JSON 404
 *   anything else            Next (pages, assets); the storefront's pages through the page cache
 */
/**
 * The catalog reads any site may fetch (CORS `*`): public data, no cookie involved. Everything else,
 * admin and every write included, grants no CORS: the browser keeps it same-origin.
 */
const isOpenRead = (template: string) => template === '/events' || template.startsWith('/events/');

export function createWebServer<TContext>(options: WebServerOptions<TContext>): http.Server {
  const { router, createContext, logger, nextHandler, pageCache } = options;
  const onInternalError = (error: TRPCError, req: IncomingMessage) =>
    logger.error({ err: error.cause ?? error, method: req.method, url: req.url }, 'request failed');
  const openApiJson = JSON.stringify(options.openApiDocument);
  const trustedProxyHops = options.trustedProxyHops ?? 0;
  // The per-address limits (sign-in, holds, checkouts) trust only this, never a header the client
  // sent: it replaces any CLIENT_ADDRESS_HEADER of the request.
  const contextOf: typeof createContext = (opts) => {
    recordClientAddress(opts.req, trustedProxyHops);
    return createContext(opts);
  };

  const routes: FrontRoute[] = [
    {
      path: '/api/openapi.json',
      methods: ['GET', 'HEAD'],
      handle: (_req, res) => {
        res.statusCode = 200;
        res.setHeader('content-type', 'application/json');
        res.end(openApiJson);
      },
    },
  ];
  if (options.eventList) routes.push(createEventListRoute(options.eventList));
  if (nextHandler) {
    routes.push({
      path: '/api/auth/',
      handle: (req, res) => {
        recordClientAddress(req, trustedProxyHops);
        return nextHandler(req, res);
      },
    });
  }

  const pages: NodeRequestHandler | undefined =
    nextHandler && pageCache
      ? (req, res) => pageCache(req, res, () => nextHandler(req, res))
      : nextHandler;

  // Pages get their own policy with a nonce per request; the API keeps the front's.
  const pagesWithPolicy = pages && withPagePolicy(pages, options.dev ?? false);

  return createHttpFront({
    logger,
    readiness: options.readiness,
    trpc: createTrpcHandler({
      router,
      createContext: contextOf,
      basePath: '/api/trpc',
      onInternalError,
    }),
    routes,
    rest: createRestHandler({
      router,
      createContext: contextOf,
      prefix: '/api',
      onInternalError,
      openReads: isOpenRead,
    }),
    // The API answers JSON everywhere, also for a path it does not know (Next would send HTML).
    apiPrefix: '/api',
    fallback: pagesWithPolicy,
    security: { hstsMaxAgeSeconds: options.hstsMaxAgeSeconds ?? 0 },
    guard: createCrossSiteGuard(options.appUrl),
  });
}
