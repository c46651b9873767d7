import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Logger } from '@ticketing/log/logger';
import type { AnyRouter, TRPCError } from '@trpc/server';

import { createHttpFront } from './http-front';
import type { ReadinessChecks } from './readiness';
import { createRestHandler } from './rest-handler';
import { createTrpcHandler } from './trpc-handler';

export interface ServiceServerOptions<TContext> {
  router: AnyRouter;
  createContext: (opts: {
    req: IncomingMessage;
    res: ServerResponse;
  }) => Promise<TContext> | TContext;
  /** Named dependency checks for `/readyz`; each resolves when reachable. */
  readiness: ReadinessChecks;
  logger?: Logger;
  onInternalError?: (error: TRPCError, req: IncomingMessage) => void;
  /** false sends every tRPC call through tRPC's adapter (equivalence tests, benchmarks). */
  fastLane?: boolean;
  bodyLimit?: number;
}

/**
 * The HTTP front of a tRPC service (inventory, orders): tRPC at `/trpc`, the same procedures as
 * REST at their `meta.openapi` paths, `/healthz` and `/readyz`; any other path is a JSON 404.
 */
export function createServiceServer<TContext>(
  options: ServiceServerOptions<TContext>,
): http.Server {
  return createHttpFront({
    logger: options.logger,
    readiness: options.readiness,
    bodyLimit: options.bodyLimit,
    trpc: createTrpcHandler({ ...options, basePath: '/trpc' }),
    rest: createRestHandler(options),
  });
}
