import { consumedEventsTable, outboxTable } from '../shared/outbox-table';

export const outbox = outboxTable();
export const consumedEvents = consumedEventsTable();
