import { randomUUID } from 'node:crypto';

import type { EnvelopeOf, EventEnvelope, EventType } from '../../src/envelope';
import type { OutboxEvent } from '../../src/outbox-writer';

export const holdCreatedPayload = () => ({
  hold_id: randomUUID(),
  session_id: randomUUID(),
  ticket_type_id: randomUUID(),
  quantity: 2,
  customer_email: 'buyer@example.com',
  expires_at: new Date(Date.now() + 600_000).toISOString(),
});

export const orderConfirmedPayload = () => ({
  order_id: randomUUID(),
  hold_id: randomUUID(),
  customer_email: 'buyer@example.com',
  total_amount: '100.00',
  items: [
    { session_id: randomUUID(), ticket_type_id: randomUUID(), quantity: 2, unit_price: '50.00' },
  ],
});

export function holdCreatedEnvelope(
  overrides: Partial<EnvelopeOf<'hold.created'>> = {},
): EnvelopeOf<'hold.created'> {
  const payload = holdCreatedPayload();
  return {
    event_id: randomUUID(),
    event_type: 'hold.created',
    occurred_at: new Date().toISOString(),
    aggregate_id: payload.hold_id,
    idempotency_key: null,
    correlation_id: 'req-test',
    payload,
    ...overrides,
  };
}

export function holdCreatedEvent(): OutboxEvent<'hold.created'> {
  const payload = holdCreatedPayload();
  return { eventType: 'hold.created', aggregateId: payload.hold_id, payload };
}

export const eventTypeOf = (envelope: EventEnvelope): EventType => envelope.event_type;
