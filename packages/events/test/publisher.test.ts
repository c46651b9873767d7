import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { InvalidEnvelopeError } from '../src/envelope';
import { BrokerUnavailableError, createPublisher } from '../src/publisher';
import { startTcpProxy } from '../src/testing/tcp-proxy';
import { openTestBroker, RABBITMQ_URL, type TestBroker, uniqueNames } from './support/broker';
import { holdCreatedEnvelope } from './support/fixtures';
import { waitFor } from './support/wait-for';

describe('publisher', () => {
  let broker: TestBroker;

  beforeAll(async () => {
    broker = await openTestBroker();
  });
  afterAll(() => broker.close());

  it('refuses an invalid envelope before it reaches the broker', async () => {
    const { exchange } = uniqueNames('publisher');
    const tap = await broker.tap(exchange);
    const publisher = await createPublisher({ url: RABBITMQ_URL, exchange });
    try {
      await publisher.waitForConnect();
      const invalid = { ...holdCreatedEnvelope(), aggregate_id: 'x' };
      await expect(publisher.publish(invalid)).rejects.toBeInstanceOf(InvalidEnvelopeError);
      const valid = holdCreatedEnvelope();
      await publisher.publish(valid);
      await waitFor(() => tap.messages.length > 0);
      expect(tap.eventIds()).toEqual([valid.event_id]);
      expect(tap.messages[0]?.properties.headers).toMatchObject({
        'x-request-id': valid.correlation_id,
      });
    } finally {
      await publisher.close();
    }
  });

  it('fails fast while the broker is away and publishes again after reconnecting by itself', async () => {
    const { exchange } = uniqueNames('publisher');
    const tap = await broker.tap(exchange);
    const target = new URL(RABBITMQ_URL);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5672) });
    const publisher = await createPublisher({
      url: proxy.url(RABBITMQ_URL),
      exchange,
      reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
    });
    const reconnects: number[] = [];
    publisher.onConnect(() => reconnects.push(Date.now()));
    try {
      await publisher.waitForConnect();
      await proxy.cut();
      await waitFor(() => !publisher.isConnected());
      const started = performance.now();
      await expect(publisher.publish(holdCreatedEnvelope())).rejects.toBeInstanceOf(
        BrokerUnavailableError,
      );
      expect(performance.now() - started).toBeLessThan(100);

      await proxy.restore();
      await waitFor(() => publisher.isConnected(), { message: 'the reconnect' });
      const envelope = holdCreatedEnvelope();
      await publisher.publish(envelope);
      await waitFor(() => tap.messages.length > 0);
      expect(tap.eventIds()).toEqual([envelope.event_id]);
      expect(reconnects.length).toBeGreaterThanOrEqual(2);
    } finally {
      await publisher.close();
      await proxy.close();
    }
  });
});
