import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startTcpProxy,type TcpProxy } from '@ticketing/events/testing/tcp-proxy';
import { consumerQueues, declareTopology } from '@ticketing/events/topology';
import { freePort } from '@ticketing/runtime/testing/free-port';
import amqp from 'amqplib';
import { Redis } from 'ioredis';

import { type Storefront, storefront } from './api';
import {
  type ConsumerName,
  type EventNames,
  openTestBroker,
  queueNamesOf,
  type TestBroker,
  uniqueEventNames,
} from './broker';
import { type Databases, prepareDatabases } from './databases';
import { childLogLevel, infrastructureUrls, inheritedEnv } from './env';
import { type BalancedService, balancedServices, type Haproxy, startHaproxy } from './haproxy';
import { ManagedProcess } from './managed-process';

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
export type AnyProcessName = ProcessName | OptionalProcessName;

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
  /**
   * Instances of every process (default 1), the notifications consumer's too when it runs (the
   * mail sink stays one). With more than one, HAProxy (e2e/src/haproxy.ts, rendered from
   * deploy/haproxy/haproxy.cfg.template) fronts web, inventory and orders: `urls`, INVENTORY_URL
   * and ORDERS_URL point at it, and it sends nothing to an instance whose /readyz fails.
   */
  instances?: number;
  /** Variables of one instance, by its name (`web`, `web-2`…), over `env`'s. */
  instanceEnv?: (instance: string, name: AnyProcessName) => Record<string, string>;
  /** Runs on the prepared (emptied) databases before any process starts. */
  beforeStart?: (db: Databases) => Promise<void>;
}

export interface Platform {
  /** `mailSink` is the sink's HTTP API (GET /messages), present when the sink runs. */
  urls: { web: string; inventory: string; orders: string; mailSink?: string };
  processes: Record<ProcessName, ManagedProcess>;
  /** The optional processes the run asked for (`with`). */
  optionalProcesses: Partial<Record<OptionalProcessName, ManagedProcess>>;
  /** Every instance of a process: the first (`processes[name]`), the run's others, addInstance's. */
  instancesOf(name: AnyProcessName): ManagedProcess[];
  /** HAProxy in front of web, inventory and orders, when the run has more than one instance. */
  balancer?: Haproxy;
  /** The run's queue names of each consumer: its queue, its DLQ, its retry queues. */
  queues: Record<ConsumerName, ReturnType<typeof queueNamesOf>>;
  /** Every process reaches RabbitMQ through it: `cut()` is a broker outage for them only. */
  brokerProxy: TcpProxy;
  /** The test's own direct connection to RabbitMQ. */
  broker: TestBroker;
  names: EventNames;
  db: Databases;
  /** The public API (and inventory's item view) as the tests use it. */
  api: Storefront;
  adminToken: string;
  /** The Redis logical database of the run (flushed at its start). */
  redisUrl: string;
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
/**
 * Secrets of this run, random: a production start refuses missing and development ones
 * (apps/web/src/env.ts). The tests take them from the platform (`adminToken`, `admin`).
 */
const randomSecret = (prefix: string) => `${prefix}-${randomBytes(18).toString('base64url')}`;
const ADMIN_API_TOKEN = randomSecret('e2e-admin-api-token');
const ADMIN = { email: 'admin@example.com', password: randomSecret('e2e-admin-password') };
const SECRETS = {
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  ADMIN_API_TOKEN,
  NEXTAUTH_SECRET: randomSecret('e2e-nextauth-secret'),
  TICKET_SIGNING_SECRET: randomSecret('e2e-ticket-signing-secret'),
  // A developer's .env.local (generated secrets, maybe more) must not change a test run.
  LOCAL_ENV_FILE: 'off',
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
  const instanceCount = options.instances ?? 1;
  if (!Number.isInteger(instanceCount) || instanceCount < 1) {
    throw new Error(`instances must be a whole number ≥ 1, not ${instanceCount}`);
  }
  const balanced = instanceCount > 1;
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
  const balancerPorts = balanced
    ? {
        web: await freePort(),
        inventory: await freePort(),
        orders: await freePort(),
        stats: await freePort(),
      }
    : undefined;
  const frontPort = (service: BalancedService) => balancerPorts?.[service] ?? ports[service];
  const urls: Platform['urls'] = {
    web: `http://127.0.0.1:${frontPort('web')}`,
    inventory: `http://127.0.0.1:${frontPort('inventory')}`,
    orders: `http://127.0.0.1:${frontPort('orders')}`,
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
        ...options.instanceEnv?.(instance, name),
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
  // The run's other instances (`web-2`…), started and recovered with the first ones.
  const scaled = new Map<AnyProcessName, ManagedProcess[]>();
  const scaledNames: AnyProcessName[] = [
    ...processNames,
    ...optional.filter((name) => name !== 'mailSink'),
  ];
  const scalePorts = new Map<ManagedProcess, number>();
  for (const name of scaledNames) {
    const others: ManagedProcess[] = [];
    for (let index = 2; index <= instanceCount; index += 1) {
      const port = await freePort();
      const instance = define(name, `${name}-${index}`, port);
      scalePorts.set(instance, port);
      others.push(instance);
    }
    scaled.set(name, others);
  }
  const added = new Map<AnyProcessName, ManagedProcess[]>();
  const firstOf = (name: AnyProcessName): ManagedProcess | undefined =>
    name in processes
      ? processes[name as ProcessName]
      : optionalProcesses[name as OptionalProcessName];
  const instancesOf = (name: AnyProcessName): ManagedProcess[] => [
    ...[firstOf(name)].filter((child): child is ManagedProcess => child !== undefined),
    ...(scaled.get(name) ?? []),
    ...(added.get(name) ?? []),
  ];
  const every = () => [
    ...processNames.map((name) => processes[name]),
    ...Object.values(optionalProcesses),
    ...[...scaled.values()].flat(),
    ...[...added.values()].flat(),
  ];

  let balancer: Haproxy | undefined;
  const stop = async () => {
    await Promise.allSettled(every().map((child) => child.stop()));
    await balancer?.stop();
    await brokerProxy.close();
    await broker.close();
    await db.close();
  };

  try {
    if (balancerPorts) {
      const serversOf = (service: BalancedService) =>
        [processes[service], ...(scaled.get(service) ?? [])].map((instance) => ({
          name: instance.name,
          address: `127.0.0.1:${scalePorts.get(instance) ?? ports[service]}`,
        }));
      balancer = await startHaproxy({
        ports: balancerPorts,
        servers: {
          web: serversOf('web'),
          inventory: serversOf('inventory'),
          orders: serversOf('orders'),
        },
        configFile: path.join(logDir, 'haproxy.cfg'),
        logFile: path.join(logDir, 'haproxy.log'),
      });
    }
    await options.beforeStart?.(db);
    const initial = options.start ?? processNames;
    await Promise.all([
      ...initial.flatMap((name) => instancesOf(name)).map((child) => child.start()),
      ...optional.flatMap((name) => instancesOf(name)).map((child) => child.start()),
    ]);
    // Traffic reaches every instance only once HAProxy's checks have seen them all ready.
    if (balancer && balancedServices.every((service) => initial.includes(service))) {
      await balancer.waitUntilUp();
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    urls,
    processes,
    optionalProcesses,
    instancesOf,
    balancer,
    queues: Object.fromEntries(
      (Object.keys(consumerQueues) as ConsumerName[]).map((consumer) => [
        consumer,
        queueNamesOf(names, consumer),
      ]),
    ) as Platform['queues'],
    brokerProxy,
    broker,
    redisUrl,
    names,
    db,
    api: storefront(urls, ADMIN_API_TOKEN),
    adminToken: ADMIN_API_TOKEN,
    admin: ADMIN,
    logDir,
    async recover() {
      await brokerProxy.restore();
      await Promise.all(
        [
          ...processNames.map((name) => processes[name]),
          ...Object.values(optionalProcesses),
          ...[...scaled.values()].flat(),
        ]
          .filter((child) => !child.isRunning())
          .map((child) => child.start()),
      );
    },
    async addInstance(name, env) {
      const index = instancesOf(name).length + 1;
      const instance = define(name, `${name}-${index}`, await freePort(), env);
      added.set(name, [...(added.get(name) ?? []), instance]);
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
    // The API alone unless the run asks for pages: the e2e suite never needs Next's. The suites and
    // the load buy from one address, the holds bench with one e-mail: the limits are raised through
    // the variables a deployment sets (the limiter and the cap still run).
    env: {
      WEB_PAGES: 'false',
      HOLD_RATE_LIMIT_PER_MINUTE: '1000000',
      CHECKOUT_RATE_LIMIT_PER_MINUTE: '1000000',
      MAX_SEATS_PER_BUYER_PER_SESSION: '100000',
    },
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
