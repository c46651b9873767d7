import {
  createOutboxRelay,
  type OutboxRelay,
  type OutboxRelayOptions,
} from '../../src/outbox-relay';
import { appendOutbox } from '../../src/outbox-writer';
import { createPublisher, type Publisher } from '../../src/publisher';
import { outbox,type TestDatabase } from './database';
import { holdCreatedEvent } from './fixtures';

/** Starts publishers and relays for a test and stops all of them afterwards. */
export function relayFixture(database: () => TestDatabase) {
  const started: { publisher: Publisher; relay: OutboxRelay }[] = [];

  return {
    async start(
      { url, exchange }: { url: string; exchange: string },
      options: Partial<Omit<OutboxRelayOptions, 'db' | 'outboxTable' | 'publisher'>> = {},
    ) {
      const publisher = await createPublisher({
        url,
        exchange,
        confirmTimeoutMs: 3_000,
        reconnect: { initialDelayMs: 50, maxDelayMs: 300 },
      });
      await publisher.waitForConnect();
      const relay = createOutboxRelay({
        db: database().db,
        outboxTable: outbox,
        publisher,
        listenUrl: database().url,
        ...options,
      });
      await relay.start();
      started.push({ publisher, relay });
      return { publisher, relay };
    },
    async stopAll() {
      for (const { publisher, relay } of started.splice(0)) {
        await relay.stop();
        await publisher.close();
      }
    },
  };
}

/** Writes `count` events, one transaction each, and returns their event ids. */
export async function writeEvents(database: TestDatabase, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const envelope = await database.db.transaction((tx) =>
      appendOutbox(tx, outbox, holdCreatedEvent()),
    );
    ids.push(envelope.event_id);
  }
  return ids;
}
