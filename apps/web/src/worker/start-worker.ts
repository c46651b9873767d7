import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDatabase } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import { sendJson } from '@ticketing/trpc/server/service-server';
import type { ExpiryDependencies } from '../server/holds/expire-holds';
import { createInventoryGateway } from '../server/inventory/inventory-gateway';
import { createOrdersGateway } from '../server/orders/orders-gateway';
import { startHoldExpiryWorker } from './hold-expiry-worker';
import { startHoldSweep } from './hold-sweep';
import { reconcileInventory, type ReconciliationResult } from './inventory-reconciliation';
import { startMainOutboxRelay } from './main-outbox-relay';

export interface WebWorkerConfig {
  databaseUrl: string;
  dbPoolSize: number;
  redisUrl: string;
  rabbitmqUrl: string;
  eventsExchange: string;
  inventoryUrl: string;
  ordersUrl: string;
  inventoryTimeoutMs: number;
  ordersTimeoutMs: number;
  circuitResetMs: number;
  /** `/healthz`; 0 picks a free port (tests). */
  healthPort: number;
  sweepIntervalMs: number;
  outboxPollMs: number;
  orderlessGraceMs: number;
  shutdownTimeoutMs: number;
  /** BullMQ key prefix; tests use their own. */
  queuePrefix?: string;
  logger: Logger;
}

export interface WebWorker {
  healthUrl: string;
  /** Settles when the start-up inventory reconciliation is done (or given up at shutdown). */
  reconciled: Promise<ReconciliationResult | undefined>;
  /** Runs a sweep now (tests). */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The web worker: the ticketing_main outbox relay, the hold-expiry BullMQ worker and its periodic
 * sweep, the start-up inventory reconciliation, and `/healthz`. Everything comes from `config`, so
 * tests run it in-process and `src/worker.ts` runs it from the environment.
 */
export async function startWebWorker(config: WebWorkerConfig): Promise<WebWorker> {
  const { logger } = config;
  const db = createDatabase({
    url: config.databaseUrl,
    poolSize: config.dbPoolSize,
    applicationName: 'web-worker',
  });
  const inventory = createInventoryGateway({
    inventoryUrl: config.inventoryUrl,
    timeoutMs: config.inventoryTimeoutMs,
    resetTimeoutMs: config.circuitResetMs,
    logger,
  });
  const orders = createOrdersGateway({
    ordersUrl: config.ordersUrl,
    timeoutMs: config.ordersTimeoutMs,
    resetTimeoutMs: config.circuitResetMs,
    logger,
  });
  const deps: ExpiryDependencies = {
    db,
    orders,
    logger,
    orderlessGraceMs: config.orderlessGraceMs,
  };

  const relay = await startMainOutboxRelay({
    db,
    databaseUrl: config.databaseUrl,
    rabbitmqUrl: config.rabbitmqUrl,
    exchange: config.eventsExchange,
    pollIntervalMs: config.outboxPollMs,
    logger,
  });
  const expiryWorker = startHoldExpiryWorker({
    deps,
    redisUrl: config.redisUrl,
    logger,
    prefix: config.queuePrefix,
  });
  const sweep = startHoldSweep({ deps, logger, intervalMs: config.sweepIntervalMs });
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

  const health = http.createServer((req, res) => {
    if (req.url !== '/healthz') {
      return sendJson(res, 404, { error: 'not_found', message: `No route for ${req.url}` });
    }
    const running = expiryWorker.isRunning();
    sendJson(res, running ? 200 : 503, {
      status: running ? 'ok' : 'stopped',
      rabbitmq: relay.publisher.isConnected() ? 'connected' : 'disconnected',
      inventory_circuit: inventory.client.circuitState(),
      orders_circuit: orders.circuitState(),
    });
  });
  await new Promise<void>((resolve) => health.listen(config.healthPort, resolve));
  const { port } = health.address() as AddressInfo;
  logger.info({ port }, 'web worker started');

  return {
    healthUrl: `http://127.0.0.1:${port}/healthz`,
    reconciled,
    sweep: () => sweep.runNow(),
    async close() {
      shutdown.abort();
      const force = setTimeout(() => health.closeAllConnections(), config.shutdownTimeoutMs);
      force.unref();
      await Promise.allSettled([
        sweep.stop(),
        expiryWorker.close(),
        relay.stop(),
        reconciled,
        new Promise<void>((resolve) => health.close(() => resolve())),
      ]);
      clearTimeout(force);
      inventory.client.shutdown();
      orders.shutdown();
      await db.$client.end();
    },
  };
}
