import type { Logger } from '@ticketing/log/logger';
import { type ChannelModel, connect,type RecoveringChannelModel } from 'amqplib';

export interface ReconnectOptions {
  /** First delay after the connection drops; doubles (with jitter) up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface BrokerOptions {
  url: string;
  reconnect?: ReconnectOptions;
  /** Runs after every (re)connect, before the connection is handed out: declare, consume. */
  setup?: (model: ChannelModel) => Promise<void>;
  /** Seconds between heartbeats; a silent broker is declared dead after two missed ones. */
  heartbeatSeconds?: number;
  /** Shown in the RabbitMQ management UI. */
  connectionName?: string;
  logger?: Logger;
}

/** What the helpers need from a connection: a plain or a recovering one will do. */
export type ChannelSource = Pick<
  ChannelModel | RecoveringChannelModel,
  'createChannel' | 'createConfirmChannel'
>;

/**
 * A connection that reconnects forever with backoff (amqplib's opt-in recovery): a relay or a
 * consumer survives a RabbitMQ restart without a process restart. Resolves at once, without waiting
 * for the first connection, so a process starts even while the broker is down.
 */
export async function connectBroker(options: BrokerOptions): Promise<RecoveringChannelModel> {
  const url = new URL(options.url);
  if (!url.searchParams.has('heartbeat'))
    url.searchParams.set('heartbeat', String(options.heartbeatSeconds ?? 10));
  const connection = await connect(url.toString(), {
    clientProperties: options.connectionName
      ? { connection_name: options.connectionName }
      : undefined,
    // Small messages wait on round trips (confirms), never on Nagle's algorithm.
    noDelay: true,
    // A broker that accepts TCP but never answers must not hang a (re)connect attempt.
    timeout: 5_000,
    recovery: {
      initialDelay: options.reconnect?.initialDelayMs ?? 100,
      maxDelay: options.reconnect?.maxDelayMs ?? 5_000,
      maxRetries: Infinity,
      waitForConnect: false,
      setup: options.setup,
    },
  });
  const log = options.logger;
  // Without listeners these EventEmitter errors would crash the process; recovery handles them.
  connection.on('error', (error: Error) => log?.warn({ err: error }, 'rabbitmq connection error'));
  connection.on('handler-error', (error: Error) =>
    log?.error({ err: error }, 'rabbitmq event handler failed'),
  );
  connection.on('disconnect', (error: Error) =>
    log?.warn({ err: error }, 'rabbitmq connection lost'),
  );
  connection.on('connect-failed', (error: Error) =>
    log?.warn({ err: error }, 'rabbitmq connect failed'),
  );
  connection.on('connect', () => log?.info('rabbitmq connected'));
  return connection;
}
