import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { consumerQueues, declareTopology } from '@ticketing/events/topology';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import { type Storefront, storefront } from './api';
import {
  type EventNames,
  type TestBroker,
  openTestBroker,
  queueNamesOf,
  uniqueEventNames,
} from './broker';
import { type Databases, prepareDatabases } from './databases';
import { childLogLevel, infrastructureUrls, inheritedEnv } from './env';
import { ManagedProcess } from './managed-process';
import { freePort } from './ports';
import { type TcpProxy, startTcpProxy } from './tcp-proxy';

export const processNames = [
  'inventory',
  'inventoryConsumer',
  'orders',
  'ordersWorker',
  'web',
  'webWorker',
] as const;
export type ProcessName = (typeof processNames)[number];

export interface PlatformOptions {
  /** Names the log folder `e2e/.logs/<suite>/`. */
  suite: string;
  /** Web and orders; the web accepts 30 s at least. */
  holdTtlSeconds?: number;
  /** Extra variables for single processes. */
  env?: Partial<Record<ProcessName, Record<string, string>>>;
  /** Delays before the 2nd and 3rd attempt of a failed event (EVENTS_RETRY_DELAYS_MS). */
  retryDelaysMs?: readonly number[];
  /** Processes started at once (default: all); the others can be started by the test. */
  start?: readonly ProcessName[];
}

export interface Platform {
  urls: { web: string; inventory: string; orders: string };
  processes: Record<ProcessName, ManagedProcess>;
  /** Every process reaches RabbitMQ through it: `cut()` is a broker outage for them only. */
  brokerProxy: TcpProxy;
  /** The test's own direct connection to RabbitMQ. */
  broker: TestBroker;
  names: EventNames;
  db: Databases;
  /** The public API (and inventory's item view) as the tests use it. */
  api: Storefront;
  adminToken: string;
  logDir: string;
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const logRoot = path.join(repoRoot, 'e2e', '.logs');

/** Default retry delays: short enough that a poison message reaches its DLQ well within a test. */
const RETRY_DELAYS_MS = [200, 400];
export const ADMIN_API_TOKEN = 'e2e-admin-api-token';

/**
 * The whole platform of ARCHITECTURE §1 as child processes on free ports, on the e2e databases
 * (emptied), Redis db 5 (flushed) and RabbitMQ names of its own, with the topology declared up
 * front so no event published before a consumer connects can be lost as unroutable.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const logDir = path.join(logRoot, options.suite);
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });

  const names = uniqueEventNames(options.retryDelaysMs ?? RETRY_DELAYS_MS);
  const [db] = await Promise.all([prepareDatabases(), flushRedis(), declareRunTopology(names)]);
  const brokerTarget = new URL(infrastructureUrls.rabbitmq);
  const brokerProxy = await startTcpProxy({
    host: brokerTarget.hostname,
    port: Number(brokerTarget.port || 5672),
  });
  const broker = await openTestBroker(infrastructureUrls.rabbitmq, names);

  const ports = {
    web: await freePort(),
    webWorker: await freePort(),
    inventory: await freePort(),
    inventoryConsumer: await freePort(),
    orders: await freePort(),
    ordersWorker: await freePort(),
  };
  const urls = {
    web: `http://127.0.0.1:${ports.web}`,
    inventory: `http://127.0.0.1:${ports.inventory}`,
    orders: `http://127.0.0.1:${ports.orders}`,
  };
  const holdTtl = String(options.holdTtlSeconds ?? 600);
  const common: Record<string, string> = {
    ...inheritedEnv(),
    NODE_ENV: 'test',
    LOG_LEVEL: childLogLevel,
    DATABASE_URL_MAIN: db.urls.main,
    DATABASE_URL_INVENTORY: db.urls.inventory,
    DATABASE_URL_ORDERS: db.urls.orders,
    // Six processes share one PostgreSQL that allows 100 connections for every engineer.
    DB_POOL_SIZE: '3',
    WORKER_DB_POOL_SIZE: '3',
    REDIS_URL: infrastructureUrls.redis,
    RABBITMQ_URL: brokerProxy.url(infrastructureUrls.rabbitmq),
    EVENTS_EXCHANGE: names.exchange,
    EVENTS_QUEUE_PREFIX: names.queuePrefix,
    EVENTS_RETRY_DELAYS_MS: names.retryDelaysMs.join(','),
    OUTBOX_POLL_MS: '250',
    INVENTORY_URL: urls.inventory,
    ORDERS_URL: urls.orders,
    HOLD_TTL_SECONDS: holdTtl,
    ADMIN_API_TOKEN,
    NEXTAUTH_SECRET: 'e2e-nextauth-secret-0123456789',
    NEXTAUTH_URL: urls.web,
  };

  const define = (
    name: ProcessName,
    app: 'web' | 'inventory' | 'orders',
    entry: string,
    readyPath: string,
    port: number,
    env: Record<string, string>,
  ) =>
    new ManagedProcess({
      name,
      entry: path.join(repoRoot, 'apps', app, entry),
      cwd: path.join(repoRoot, 'apps', app),
      env: { ...common, ...env, ...options.env?.[name] },
      readyUrl: `http://127.0.0.1:${port}${readyPath}`,
      logFile: path.join(logDir, `${name}.log`),
    });

  const processes: Record<ProcessName, ManagedProcess> = {
    inventory: define('inventory', 'inventory', 'src/main.ts', '/readyz', ports.inventory, {
      PORT: String(ports.inventory),
    }),
    inventoryConsumer: define(
      'inventoryConsumer',
      'inventory',
      'src/consumer.ts',
      '/healthz',
      ports.inventoryConsumer,
      { HEALTH_PORT: String(ports.inventoryConsumer) },
    ),
    orders: define('orders', 'orders', 'src/main.ts', '/readyz', ports.orders, {
      PORT: String(ports.orders),
    }),
    ordersWorker: define(
      'ordersWorker',
      'orders',
      'src/worker.ts',
      '/healthz',
      ports.ordersWorker,
      {
        HEALTH_PORT: String(ports.ordersWorker),
        WORKER_PORT: String(ports.ordersWorker),
        EXPIRY_SWEEP_INTERVAL_MS: '1000',
      },
    ),
    web: define('web', 'web', 'src/server/main.ts', '/readyz', ports.web, {
      PORT: String(ports.web),
      WEB_PAGES: 'false',
    }),
    webWorker: define('webWorker', 'web', 'src/worker.ts', '/healthz', ports.webWorker, {
      HEALTH_PORT: String(ports.webWorker),
      HOLD_SWEEP_INTERVAL_MS: '1000',
    }),
  };

  const stop = async () => {
    await Promise.allSettled(processNames.map((name) => processes[name].stop()));
    await brokerProxy.close();
    await broker.close();
    await db.close();
  };

  try {
    const initial = options.start ?? processNames;
    await Promise.all(initial.map((name) => processes[name].start()));
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    urls,
    processes,
    brokerProxy,
    broker,
    names,
    db,
    api: storefront(urls, ADMIN_API_TOKEN),
    adminToken: ADMIN_API_TOKEN,
    logDir,
    stop,
  };
}

async function flushRedis(): Promise<void> {
  const redis = new Redis(infrastructureUrls.redis, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/** What an operator would declare before the first deploy; the consumers declare it again. */
async function declareRunTopology(names: EventNames): Promise<void> {
  const connection = await amqp.connect(infrastructureUrls.rabbitmq);
  try {
    const channel = await connection.createChannel();
    await declareTopology(channel, {
      exchange: names.exchange,
      retryDelaysMs: names.retryDelaysMs,
      consumers: (Object.keys(consumerQueues) as (keyof typeof consumerQueues)[]).map(
        (consumer) => ({
          queue: queueNamesOf(names, consumer).queue,
          bindings: consumerQueues[consumer].bindings,
        }),
      ),
    });
  } finally {
    await connection.close();
  }
}
