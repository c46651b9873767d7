import type { Logger } from '@ticketing/log/logger';
import type { ConfirmChannel, RecoveringChannelModel } from 'amqplib';

import { type BrokerOptions, connectBroker } from './connection';
import { type EventEnvelope, parseEnvelope } from './envelope';
import { withTimeout } from './timeout';
import { DEFAULT_EXCHANGE } from './topology';

/** Header carrying the request id, for consumers that read headers rather than the envelope. */
export const REQUEST_ID_MESSAGE_HEADER = 'x-request-id';

export class BrokerUnavailableError extends Error {
  constructor(message = 'RabbitMQ is not connected') {
    super(message);
    this.name = 'BrokerUnavailableError';
  }
}

export interface PublisherOptions extends Omit<BrokerOptions, 'setup'> {
  exchange?: string;
  /** How long to wait for the broker's confirm before giving up (the caller retries later). */
  confirmTimeoutMs?: number;
  /** `app_id` of every message: the producing service. */
  appId?: string;
}

export interface Publisher {
  /** Validates the envelope, publishes it persistent, resolves only when the broker confirms it. */
  publish(envelope: EventEnvelope): Promise<void>;
  isConnected(): boolean;
  /** Called after every (re)connect; returns an unsubscribe function. */
  onConnect(listener: () => void): () => void;
  /** Resolves once connected (rejects after `timeoutMs`). */
  waitForConnect(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Publisher with confirms on a connection that reconnects by itself. While the broker is away,
 * `publish` fails fast with BrokerUnavailableError (the outbox keeps the event; nothing waits in
 * memory), and `onConnect` tells the relay when to drain again.
 */
export async function createPublisher(options: PublisherOptions): Promise<Publisher> {
  const exchange = options.exchange ?? DEFAULT_EXCHANGE;
  const confirmTimeoutMs = options.confirmTimeoutMs ?? 10_000;
  const log: Logger | undefined = options.logger;
  const connection: RecoveringChannelModel = await connectBroker(options);
  let connected = false;
  let channel: Promise<ConfirmChannel> | null = null;

  connection.on('connect', () => {
    connected = true;
  });
  connection.on('disconnect', () => {
    connected = false;
    channel = null;
  });

  const openChannel = async (onClose: () => void): Promise<ConfirmChannel> => {
    const created = await connection.createConfirmChannel();
    created.on('error', (error: Error) => log?.warn({ err: error }, 'publisher channel error'));
    created.on('close', onClose);
    // Publishing to a missing exchange would close the channel; declaring it is idempotent.
    await created.assertExchange(exchange, 'topic', { durable: true });
    return created;
  };

  const confirmChannel = (): Promise<ConfirmChannel> => {
    if (!connected) return Promise.reject(new BrokerUnavailableError());
    if (!channel) {
      const forget = () => {
        if (channel === opened) channel = null;
      };
      const opened = withTimeout(
        openChannel(forget),
        confirmTimeoutMs,
        () => new BrokerUnavailableError('timed out opening a RabbitMQ channel'),
      );
      channel = opened;
      opened.catch(forget);
    }
    return channel;
  };

  const publish = async (value: EventEnvelope): Promise<void> => {
    const envelope = parseEnvelope(value);
    const target = await confirmChannel();
    const confirmed = new Promise<void>((resolve, reject) => {
      target.publish(
        exchange,
        envelope.event_type,
        Buffer.from(JSON.stringify(envelope)),
        {
          persistent: true,
          contentType: 'application/json',
          messageId: envelope.event_id,
          type: envelope.event_type,
          timestamp: Math.floor(Date.now() / 1000),
          appId: options.appId,
          headers: envelope.correlation_id
            ? { [REQUEST_ID_MESSAGE_HEADER]: envelope.correlation_id }
            : {},
        },
        (error: unknown) => {
          if (error)
            reject(
              error instanceof Error
                ? error
                : new BrokerUnavailableError('message nacked by RabbitMQ'),
            );
          else resolve();
        },
      );
    });
    await withTimeout(
      confirmed,
      confirmTimeoutMs,
      () => new BrokerUnavailableError(`no confirm from RabbitMQ within ${confirmTimeoutMs} ms`),
    );
  };

  return {
    publish,
    isConnected: () => connected,
    onConnect(listener) {
      connection.on('connect', listener);
      return () => connection.off('connect', listener);
    },
    async waitForConnect(timeoutMs = 10_000) {
      await withTimeout(
        connection.waitForConnect(),
        timeoutMs,
        () => new BrokerUnavailableError('RabbitMQ did not accept a connection in time'),
      );
    },
    close: () => connection.close(),
  };
}
