import { outboxTable } from '../shared/outbox-table';

export const outbox = outboxTable();
