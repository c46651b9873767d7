import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type TcpProxy, startTcpProxy } from '@ticketing/events/testing/tcp-proxy';
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
import { freePort } from '@ticketing/events/testing/free-port';

export const processNames = [
  'inventory',
  'inventoryConsumer',
  'orders',
  'ordersWorker',
  'web',
  'webWorker',
] as const;
export type ProcessName = (typeof processNames)[number];

/** Processes a suite asks for with `with`: the notifications consumer and the SMTP sink it sends to. */
export const optionalProcessNames = ['notifications', 'mailSink'] as const;
export type OptionalProcessName = (typeof optionalProcessNames)[number];
type AnyProcessName = ProcessName | OptionalProcessName;

export interface PlatformOptions {
  /** Names the log folder `e2e/.logs/<suite>/`. */
  suite: string;
  /** HOLD_TTL_SECONDS of the web server and worker (default 600). */
  holdTtlSeconds?: number;
  /** Extra variables for single processes. */
  env?: Partial<Record<AnyProcessName, Record<string, string>>>;
  /** Delays before the 2nd and 3rd attempt of a failed event (EVENTS_RETRY_DELAYS_MS). */
  retryDelaysMs?: readonly number[];
  /** Processes started at once (default: all); the others can be started by the test. */
  start?: readonly ProcessName[];
  /** Optional processes to run too (started at once, stopped with the rest). */
  with?: readonly OptionalProcessName[];
  /** Next's pages on the web (default false: the API alone, no build needed). */
  pages?: boolean;
  /** NODE_ENV of every process (default `test`); `production` runs them as `npm start` does. */
  nodeEnv?: 'test' | 'production';
  /** The databases are `ticketing_<db>_<databaseSuffix>_test` (default `e2e`). */
  databaseSuffix?: string;
  /** The Redis logical database of the run, flushed at start (default E2E_REDIS_URL, db 5). */
  redisUrl?: string;
}

export interface Platform {
  /** `mailSink` is the sink's HTTP API (GET /messages), present when the sink runs. */
  urls: { web: string; inventory: string; orders: string; mailSink?: string };
  processes: Record<ProcessName, ManagedProcess>;
  /** The optional processes the run asked for (`with`). */
  optionalProcesses: Partial<Record<OptionalProcessName, ManagedProcess>>;
  /** Every process reaches RabbitMQ through it: `cut()` is a broker outage for them only. */
  brokerProxy: TcpProxy;
  /** The test's own direct connection to RabbitMQ. */
  broker: TestBroker;
  names: EventNames;
  db: Databases;
  /** The public API (and inventory's item view) as the tests use it. */
  api: Storefront;
  adminToken: string;
  /** The first admin's sign-in (ADMIN_EMAIL / ADMIN_PASSWORD of the web). */
  admin: { email: string; password: string };
  logDir: string;
  /** Undoes a test's faults: restores the broker and starts every process that is down. */
  recover(): Promise<void>;
  /**
   * Starts one more instance of a process (its own port and log), stopped with the rest;
   * `env` overrides variables of that instance only (e.g. a web with a short HOLD_TTL_SECONDS).
   */
  addInstance(name: ProcessName, env?: Record<string, string>): Promise<ManagedProcess>;
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const logRoot = path.join(repoRoot, 'e2e', '.logs');

/** Default retry delays: short enough that a poison message reaches its DLQ well within a test. */
const RETRY_DELAYS_MS = [200, 400];
export const ADMIN_API_TOKEN = 'e2e-admin-api-token';
/** Non-default secrets: a production start must not run on the development ones. */
const ADMIN = { email: 'admin@example.com', password: 'e2e-admin-password' };
const SECRETS = {
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  ADMIN_API_TOKEN,
  NEXTAUTH_SECRET: 'e2e-nextauth-secret-0123456789',
  TICKET_SIGNING_SECRET: 'e2e-ticket-signing-secret-0123456789',
};

/**
 * The whole platform of docs/architecture.md §1 as child processes on free ports, on the e2e databases
 * (emptied), Redis db 5 (flushed) and RabbitMQ names of its own, with the topology declared up
 * front so no event published before a consumer connects can be lost as unroutable.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const logDir = path.join(logRoot, options.suite);
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });

  const names = uniqueEventNames(options.retryDelaysMs ?? RETRY_DELAYS_MS);
  const redisUrl = options.redisUrl ?? infrastructureUrls.redis;
  const [db] = await Promise.all([
    prepareDatabases(options.databaseSuffix),
    flushRedis(redisUrl),
    declareRunTopology(names),
  ]);
  const brokerTarget = new URL(infrastructureUrls.rabbitmq);
  const brokerProxy = await startTcpProxy({
    host: brokerTarget.hostname,
    port: Number(brokerTarget.port || 5672),
  });
  const broker = await openTestBroker(infrastructureUrls.rabbitmq, names);

  const optional = options.with ?? [];
  const ports: Record<AnyProcessName, number> = {
    inventory: await freePort(),
    inventoryConsumer: await freePort(),
    orders: await freePort(),
    ordersWorker: await freePort(),
    web: await freePort(),
    webWorker: await freePort(),
    notifications: await freePort(),
    mailSink: await freePort(),
  };
  const mailSinkSmtpPort = await freePort();
  const urls: Platform['urls'] = {
    web: `http://127.0.0.1:${ports.web}`,
    inventory: `http://127.0.0.1:${ports.inventory}`,
    orders: `http://127.0.0.1:${ports.orders}`,
    ...(optional.includes('mailSink') ? { mailSink: `http://127.0.0.1:${ports.mailSink}` } : {}),
  };
  const holdTtl = String(options.holdTtlSeconds ?? 600);
  const common: Record<string, string> = {
    ...inheritedEnv(),
    NODE_ENV: options.nodeEnv ?? 'test',
    LOG_LEVEL: childLogLevel,
    DATABASE_URL_MAIN: db.urls.main,
    DATABASE_URL_INVENTORY: db.urls.inventory,
    DATABASE_URL_ORDERS: db.urls.orders,
    // Six processes share one PostgreSQL that allows 100 connections for every engineer.
    DB_POOL_SIZE: '3',
    WORKER_DB_POOL_SIZE: '3',
    REDIS_URL: redisUrl,
    RABBITMQ_URL: brokerProxy.url(infrastructureUrls.rabbitmq),
    EVENTS_EXCHANGE: names.exchange,
    EVENTS_QUEUE_PREFIX: names.queuePrefix,
    EVENTS_RETRY_DELAYS_MS: names.retryDelaysMs.join(','),
    OUTBOX_POLL_MS: '250',
    INVENTORY_URL: urls.inventory,
    ORDERS_URL: urls.orders,
    ...SECRETS,
    NEXTAUTH_URL: urls.web,
  };
  // Variables that depend on the run: the pages switch, and where the consumer sends its mail.
  const runEnv: Partial<Record<AnyProcessName, Record<string, string>>> = {
    web: options.pages ? { WEB_PAGES: 'true', NEXT_TELEMETRY_DISABLED: '1' } : {},
    notifications: {
      PUBLIC_URL: urls.web,
      MAIL_FROM: 'Ticketing <tickets@example.com>',
      SMTP_URL: `smtp://127.0.0.1:${mailSinkSmtpPort}`,
    },
    mailSink: { MAIL_SINK_SMTP_PORT: String(mailSinkSmtpPort) },
  };

  const define = (
    name: AnyProcessName,
    instance: string,
    port: number,
    instanceEnv: Record<string, string> = {},
  ) => {
    const definition = definitions[name];
    const portEnv = Object.fromEntries(
      definition.portVariables.map((variable) => [variable, String(port)]),
    );
    return new ManagedProcess({
      name: instance,
      entry: path.join(repoRoot, 'apps', definition.app, definition.entry),
      cwd: path.join(repoRoot, 'apps', definition.app),
      env: {
        ...common,
        // The hold lifetime is the web's; orders takes each order's deadline from the checkout.
        ...(definition.app === 'web' ? { HOLD_TTL_SECONDS: holdTtl } : {}),
        ...definition.env,
        ...runEnv[name],
        ...options.env?.[name],
        ...instanceEnv,
        ...portEnv,
      },
      readyUrl: `http://127.0.0.1:${port}${definition.readyPath}`,
      logFile: path.join(logDir, `${instance}.log`),
    });
  };
  const processes = Object.fromEntries(
    processNames.map((name) => [name, define(name, name, ports[name])]),
  ) as Record<ProcessName, ManagedProcess>;
  const optionalProcesses: Platform['optionalProcesses'] = Object.fromEntries(
    optional.map((name) => [name, define(name, name, ports[name])]),
  );
  const extraInstances: ManagedProcess[] = [];
  const every = () => [
    ...processNames.map((name) => processes[name]),
    ...Object.values(optionalProcesses),
    ...extraInstances,
  ];

  const stop = async () => {
    await Promise.allSettled(every().map((child) => child.stop()));
    await brokerProxy.close();
    await broker.close();
    await db.close();
  };

  try {
    const initial = options.start ?? processNames;
    await Promise.all([
      ...initial.map((name) => processes[name].start()),
      ...Object.values(optionalProcesses).map((child) => child.start()),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    urls,
    processes,
    optionalProcesses,
    brokerProxy,
    broker,
    names,
    db,
    api: storefront(urls, ADMIN_API_TOKEN),
    adminToken: ADMIN_API_TOKEN,
    admin: ADMIN,
    logDir,
    async recover() {
      await brokerProxy.restore();
      await Promise.all(
        [...processNames.map((name) => processes[name]), ...Object.values(optionalProcesses)]
          .filter((child) => !child.isRunning())
          .map((child) => child.start()),
      );
    },
    async addInstance(name, env) {
      const instance = define(name, `${name}-${extraInstances.length + 2}`, await freePort(), env);
      extraInstances.push(instance);
      await instance.start();
      return instance;
    },
    stop,
  };
}

interface ProcessDefinition {
  app: 'web' | 'inventory' | 'orders';
  entry: string;
  readyPath: string;
  /** Variables that get the instance's port. */
  portVariables: readonly string[];
  env: Record<string, string>;
}

const definitions: Record<AnyProcessName, ProcessDefinition> = {
  inventory: {
    app: 'inventory',
    entry: 'src/main.ts',
    readyPath: '/readyz',
    portVariables: ['PORT'],
    env: {},
  },
  inventoryConsumer: {
    app: 'inventory',
    entry: 'src/consumer.ts',
    readyPath: '/healthz',
    portVariables: ['HEALTH_PORT'],
    env: {},
  },
  orders: {
    app: 'orders',
    entry: 'src/main.ts',
    readyPath: '/readyz',
    portVariables: ['PORT'],
    env: {},
  },
  ordersWorker: {
    app: 'orders',
    entry: 'src/worker.ts',
    readyPath: '/healthz',
    // WORKER_PORT is what apps/orders/src/env.ts reads today; HEALTH_PORT the shared convention.
    portVariables: ['HEALTH_PORT', 'WORKER_PORT'],
    env: { EXPIRY_SWEEP_INTERVAL_MS: '1000' },
  },
  web: {
    app: 'web',
    entry: 'src/server/main.ts',
    readyPath: '/readyz',
    portVariables: ['PORT'],
    // The API alone unless the run asks for pages: the e2e suite never needs Next's.
    env: { WEB_PAGES: 'false' },
  },
  webWorker: {
    app: 'web',
    entry: 'src/worker.ts',
    readyPath: '/healthz',
    portVariables: ['HEALTH_PORT'],
    env: { HOLD_SWEEP_INTERVAL_MS: '1000' },
  },
  notifications: {
    app: 'web',
    entry: 'src/notifications.ts',
    readyPath: '/healthz',
    portVariables: ['HEALTH_PORT'],
    env: {},
  },
  mailSink: {
    app: 'web',
    entry: 'src/dev/mail-sink.ts',
    readyPath: '/healthz',
    // The HTTP side (GET /messages); the SMTP port is the run's, shared with the notifications.
    portVariables: ['MAIL_SINK_HTTP_PORT'],
    env: {},
  },
};

async function flushRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
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
