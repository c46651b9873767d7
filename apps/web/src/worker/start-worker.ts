import { consumedEvents } from '@ticketing/db/main/consumed-events';
import { outbox } from '@ticketing/db/main/outbox';
import { type EventSettings, retention } from '@ticketing/env/common';
import {
  type RetentionOptions,
  retentionSettingsOf,
  startRetention,
} from '@ticketing/events/retention';
import type { Logger } from '@ticketing/log/logger';
import { startOutboxPublishing } from '@ticketing/runtime/outbox-publishing';
import { createProcessContext, type ProcessContext } from '@ticketing/runtime/process-context';
import { sql } from 'drizzle-orm';
import { z } from 'zod';

import type { ExpiryDependencies } from '../server/holds/expire-holds';
import { createInventoryGateway } from '../server/inventory/inventory-gateway';
import { createOrdersGateway } from '../server/orders/orders-gateway';
import { registerCircuitMetrics } from '../server/remote/circuit-metrics';
import { startHoldExpiryWorker } from './hold-expiry-worker';
import { startHoldSweep } from './hold-sweep';
import { reconcileInventory, type ReconciliationResult } from './inventory-reconciliation';

export interface WebWorkerConfig {
  databaseUrl: string;
  dbPoolSize: number;
  redisUrl: string;
  /** The worker publishes only: the broker, the exchange and the outbox poll. */
  events: Pick<EventSettings, 'url' | 'exchange' | 'outboxPollMs'>;
  /**
   * Pruning of published outbox rows and ticketing_main's consumed_events, which the
   * notifications consumer writes (RETENTION_*); default: the variables' defaults.
   */
  retention?: RetentionSettings;
  inventoryUrl: string;
  ordersUrl: string;
  inventoryTimeoutMs: number;
  ordersTimeoutMs: number;
  circuitResetMs: number;
  /** `/healthz`; 0 picks a free port (tests). */
  healthPort: number;
  sweepIntervalMs: number;
  orderlessGraceMs: number;
  /** The deadline of `stop()` when run in-process (the entry point's is SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs?: number;
  /** BullMQ key prefix; tests use their own. */
  bullPrefix?: string;
  logger: Logger;
}

type RetentionSettings = Pick<RetentionOptions, 'keepMs' | 'intervalMs' | 'batchSize'>;

const defaultRetention = (): RetentionSettings =>
  retentionSettingsOf(z.object(retention).parse({}));

export interface WebWorker {
  healthUrl: string;
  /** Settles when the start-up inventory reconciliation is done (or given up at shutdown). */
  reconciled: Promise<ReconciliationResult | undefined>;
  /** Runs a sweep now (tests). */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The web worker: the ticketing_main outbox relay, the hold-expiry BullMQ worker and its periodic
 * sweep, the start-up inventory reconciliation, and `/healthz` (with the broker connection and
 * both circuits) and `/readyz`. Everything comes from `config`, so tests run it in-process and
 * `src/worker.ts` runs it from the environment.
 */
export async function startWebWorker(
  config: WebWorkerConfig,
  context: ProcessContext = createProcessContext({
    name: 'web-worker',
    logger: config.logger,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
  }),
): Promise<WebWorker> {
  const { logger } = config;
  const db = context.database({ url: config.databaseUrl, poolSize: config.dbPoolSize });
  context.readiness('database', () => db.execute(sql`select 1`));
  const inventory = createInventoryGateway({
    inventoryUrl: config.inventoryUrl,
    timeoutMs: config.inventoryTimeoutMs,
    resetTimeoutMs: config.circuitResetMs,
    logger,
  });
  context.onStop('inventory client', () => inventory.client.shutdown());
  const orders = createOrdersGateway({
    ordersUrl: config.ordersUrl,
    timeoutMs: config.ordersTimeoutMs,
    resetTimeoutMs: config.circuitResetMs,
    logger,
  });
  context.onStop('orders client', () => orders.shutdown());
  registerCircuitMetrics(context.metrics, { inventory: inventory.client, orders });
  const deps: ExpiryDependencies = {
    db,
    orders,
    logger,
    orderlessGraceMs: config.orderlessGraceMs,
  };

  // ticketing_main.outbox (the hold events), nudged by the writers' NOTIFY.
  const { publisher } = await startOutboxPublishing(context, {
    db,
    outboxTable: outbox,
    listenUrl: config.databaseUrl,
    events: config.events,
    appId: 'web-worker',
    connectionName: 'web-worker',
  });
  const expiryWorker = startHoldExpiryWorker({
    deps,
    redisUrl: config.redisUrl,
    logger,
    prefix: config.bullPrefix,
  });
  context.onStop('hold expiry worker', () => expiryWorker.close());
  const sweep = startHoldSweep({ deps, logger, intervalMs: config.sweepIntervalMs });
  context.onStop('hold sweep', () => sweep.stop());
  const pruning = startRetention({
    db,
    tables: [outbox, consumedEvents],
    logger,
    ...(config.retention ?? defaultRetention()),
  });
  context.onStop('retention', () => pruning.stop());
  const shutdown = new AbortController();
  const reconciled = reconcileInventory({
    db,
    inventory: inventory.client,
    logger,
    signal: shutdown.signal,
  }).catch((error: unknown) => {
    if (!shutdown.signal.aborted) logger.error({ err: error }, 'inventory reconciliation failed');
    return undefined;
  });
  context.onStop('inventory reconciliation', () => {
    shutdown.abort();
    return reconciled;
  });

  const port = await context.serveHealth(config.healthPort, {
    alive: () => expiryWorker.isRunning(),
    health: () => ({
      rabbitmq: publisher.isConnected() ? 'connected' : 'disconnected',
      inventory_circuit: inventory.client.circuitState(),
      orders_circuit: orders.circuitState(),
    }),
  });

  return {
    healthUrl: `http://127.0.0.1:${port}/healthz`,
    reconciled,
    sweep: () => sweep.runNow(),
    stop: () => context.stop(),
  };
}
