import { createDatabase, type Database } from '@ticketing/db/client';
import { consumedEventsTable, outboxTable } from '@ticketing/db/shared/outbox-table';
import { prepareTestDatabase, truncateAll } from '@ticketing/db/testing';

/** The outbox and consumed_events of our own copies of the orders and inventory schemas. */
export const outbox = outboxTable();
export const consumedEvents = consumedEventsTable();

export interface TestDatabase {
  url: string;
  db: Database;
  truncate(): Promise<void>;
  close(): Promise<void>;
}

export async function openTestDatabase(
  module: 'orders' | 'inventory',
  poolSize = 5,
): Promise<TestDatabase> {
  const url = await prepareTestDatabase(module, 'events');
  const db = createDatabase({ url, poolSize, applicationName: 'events-test' });
  return {
    url,
    db,
    truncate: () => truncateAll(url),
    close: () => db.$client.end(),
  };
}
