import { randomUUID } from 'node:crypto';
import type { Executor } from '@ticketing/db/client';
import { outbox } from '@ticketing/db/orders/outbox';
import { currentRequestId } from '@ticketing/log/request-context';

export interface OutboxEvent {
  eventType: 'order.confirmed' | 'order.cancelled';
  aggregateId: string;
  payload: Record<string, unknown>;
  idempotencyKey?: string | null;
}

/**
 * Writes an event into ticketing_orders.outbox. Call it with the transaction of the change it
 * announces (I5); the relay publishes it later. The row id is the envelope's event_id.
 */
export async function appendOutbox(tx: Executor, event: OutboxEvent): Promise<string> {
  const id = randomUUID();
  await tx.insert(outbox).values({
    id,
    eventType: event.eventType,
    aggregateId: event.aggregateId,
    payload: event.payload,
    idempotencyKey: event.idempotencyKey ?? null,
    correlationId: currentRequestId() ?? null,
  });
  return id;
}
