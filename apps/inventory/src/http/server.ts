import type http from 'node:http';

import type { Database } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import { REQUEST_ID_HEADER } from '@ticketing/log/request-context';
import type { Metrics } from '@ticketing/runtime/metrics';
import { createServiceServer } from '@ticketing/runtime/service-server';
import { sql } from 'drizzle-orm';

import { HoldCoalescer } from '../inventory/hold-coalescer';
import { appRouter } from '../router';
import type { Context } from '../trpc';
import { holdOutcomeMetrics } from './hold-metrics';

export interface InventoryServerOptions {
  db: Database;
  logger: Logger;
  holdBatchMax: number;
  holdInFlight: number;
  holdCoalescing: boolean;
  /** The process's metrics: hold outcomes are counted into them. */
  metrics?: Metrics;
  /** false sends every tRPC call through tRPC's standalone adapter (equivalence tests). */
  trpcFastLane?: boolean;
}

/**
 * The inventory HTTP server: tRPC at /trpc (the fast lane on the hot path), the seed's REST paths
 * on the same procedures, /healthz (process up) and /readyz (database reachable).
 */
export function createInventoryServer(options: InventoryServerOptions): http.Server {
  const { db, logger } = options;
  const holds = new HoldCoalescer(db, {
    maxBatch: options.holdBatchMax,
    inFlight: options.holdInFlight,
    coalesce: options.holdCoalescing,
  });
  const context: Context = {
    db,
    holds,
    onHoldOutcome: options.metrics && holdOutcomeMetrics(options.metrics),
  };
  return createServiceServer({
    router: appRouter,
    createContext: () => context,
    readiness: { database: () => db.execute(sql`select 1`) },
    logger,
    fastLane: options.trpcFastLane,
    onInternalError: (error, req) =>
      logger.error(
        { err: error.cause ?? error, path: req.url, request_id: req.headers[REQUEST_ID_HEADER] },
        'request failed',
      ),
  });
}
