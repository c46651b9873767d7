import { consumedEventsTable } from '../shared/outbox-table';

/**
 * Events the web's own consumers have handled (the notifications consumer: one e-mail per
 * event_id), recorded in the same transaction as the handler's effect.
 */
export const consumedEvents = consumedEventsTable();
