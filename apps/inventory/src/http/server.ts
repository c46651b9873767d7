import http from 'node:http';
import type { Database } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import { REQUEST_ID_HEADER } from '@ticketing/log/request-context';
import { createRestHandler } from '@ticketing/trpc/server/rest-handler';
import { checkReadiness, sendJson } from '@ticketing/trpc/server/service-server';
import type { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { HoldCoalescer } from '../inventory/hold-coalescer';
import { appRouter } from '../router';
import type { Context } from '../trpc';
import { createTrpcHandler } from './trpc-handler';

export interface InventoryServerOptions {
  db: Database;
  logger: Logger;
  holdBatchMax: number;
  holdInFlight: number;
  holdCoalescing: boolean;
  /** false sends every tRPC call through tRPC's fetch adapter (equivalence tests). */
  trpcFastLane?: boolean;
}

/**
 * The inventory HTTP server: tRPC at /trpc, the seed's REST paths on the same procedures,
 * /healthz (process up) and /readyz (database reachable). The same routing as the shared
 * `createServiceServer`, with the buffered tRPC handler on the hot path.
 */
export function createInventoryServer(options: InventoryServerOptions): http.Server {
  const { db, logger } = options;
  const holds = new HoldCoalescer(db, {
    maxBatch: options.holdBatchMax,
    inFlight: options.holdInFlight,
    coalesce: options.holdCoalescing,
  });
  const context: Context = { db, holds };
  const createContext = () => context;
  const onInternalError = (error: TRPCError, req: http.IncomingMessage) =>
    logger.error(
      { err: error.cause ?? error, path: req.url, request_id: req.headers[REQUEST_ID_HEADER] },
      'request failed',
    );
  const readiness = { database: () => db.execute(sql`select 1`) };

  const trpc = createTrpcHandler({
    router: appRouter,
    createContext,
    basePath: '/trpc',
    maxBodySize: 64 * 1024,
    fastLane: options.trpcFastLane,
    onInternalError,
  });
  const rest = createRestHandler({ router: appRouter, createContext, onInternalError });

  return http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url === '/readyz') {
      void checkReadiness(readiness).then(({ ready, checks }) =>
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', checks }),
      );
      return;
    }
    if (url.startsWith('/trpc/')) return trpc(req, res);
    void rest(req, res);
  });
}
