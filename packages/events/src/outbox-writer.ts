import { randomUUID } from 'node:crypto';
import type { Executor } from '@ticketing/db/client';
import type { outboxTable } from '@ticketing/db/shared/outbox-table';
import { currentRequestId } from '@ticketing/log/request-context';
import { sql } from 'drizzle-orm';
import { type EnvelopeOf, type EventPayload, type EventType, parseEnvelope } from './envelope';

/** The outbox of any of the three databases: they are all built by `outboxTable()`. */
export type OutboxTable = ReturnType<typeof outboxTable>;

/** Channel of the NOTIFY issued with every outbox write; relays LISTEN on it. */
export const OUTBOX_CHANNEL = 'outbox';

export interface OutboxEvent<T extends EventType> {
  eventType: T;
  aggregateId: string;
  payload: EventPayload<T>;
  idempotencyKey?: string | null;
  /** Defaults to the current request id, so consumers' logs line up with the request. */
  correlationId?: string | null;
  eventId?: string;
  occurredAt?: Date;
}

/**
 * Writes an event to the outbox inside the caller's transaction and nudges the relays. NOTIFY is
 * transactional: listeners hear it only when (and if) the transaction commits, so the relay wakes
 * right after the change is visible. The envelope is validated here, so a malformed event fails
 * the transaction that produced it instead of sitting unpublishable in the outbox.
 */
export async function appendOutbox<T extends EventType>(
  tx: Executor,
  outbox: OutboxTable,
  event: OutboxEvent<T>,
): Promise<EnvelopeOf<T>> {
  const occurredAt = event.occurredAt ?? new Date();
  const envelope = parseEnvelope({
    event_id: event.eventId ?? randomUUID(),
    event_type: event.eventType,
    occurred_at: occurredAt.toISOString(),
    aggregate_id: event.aggregateId,
    idempotency_key: event.idempotencyKey ?? null,
    correlation_id:
      event.correlationId === undefined ? (currentRequestId() ?? null) : event.correlationId,
    payload: event.payload,
  }) as EnvelopeOf<T>;

  await tx.insert(outbox).values({
    id: envelope.event_id,
    eventType: envelope.event_type,
    aggregateId: envelope.aggregate_id,
    idempotencyKey: envelope.idempotency_key,
    correlationId: envelope.correlation_id ?? null,
    payload: envelope.payload,
    occurredAt,
  });
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  return envelope;
}
