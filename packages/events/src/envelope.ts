import { z } from 'zod';

import { type EventPayload, type EventType, type PayloadSchemas, payloadSchemas } from './payloads';

export type { EventPayload,EventType };

/**
 * The envelope of §4. `correlation_id` carries the request id of the request that caused the
 * event, so a purchase can be followed through every service's logs. `idempotency_key` is the
 * client's Idempotency-Key (a UUID in practice; kept as an opaque string so an unusual but accepted
 * key can never wedge an outbox row).
 */
const envelopeOf = <T extends EventType>(eventType: T, payload: PayloadSchemas[T]) =>
  z.object({
    event_id: z.uuid(),
    event_type: z.literal(eventType),
    occurred_at: z.iso.datetime({ offset: true }),
    aggregate_id: z.uuid(),
    idempotency_key: z.string().min(1).max(255).nullable(),
    correlation_id: z.string().min(1).max(128).nullable().optional(),
    payload,
  });

export const envelopeSchemas = {
  'hold.created': envelopeOf('hold.created', payloadSchemas['hold.created']),
  'hold.expired': envelopeOf('hold.expired', payloadSchemas['hold.expired']),
  'hold.released': envelopeOf('hold.released', payloadSchemas['hold.released']),
  'order.confirmed': envelopeOf('order.confirmed', payloadSchemas['order.confirmed']),
  'order.cancelled': envelopeOf('order.cancelled', payloadSchemas['order.cancelled']),
  'inventory.commit_failed': envelopeOf(
    'inventory.commit_failed',
    payloadSchemas['inventory.commit_failed'],
  ),
} as const;

export const envelopeSchema = z.discriminatedUnion('event_type', [
  envelopeSchemas['hold.created'],
  envelopeSchemas['hold.expired'],
  envelopeSchemas['hold.released'],
  envelopeSchemas['order.confirmed'],
  envelopeSchemas['order.cancelled'],
  envelopeSchemas['inventory.commit_failed'],
]);

/** Any valid envelope; narrow on `event_type` to get its payload type. */
export type EventEnvelope = z.infer<typeof envelopeSchema>;

/** The envelope of one event type. */
export type EnvelopeOf<T extends EventType> = Extract<EventEnvelope, { event_type: T }>;

export class InvalidEnvelopeError extends Error {
  constructor(
    message: string,
    readonly issues: readonly z.core.$ZodIssue[] = [],
  ) {
    super(message);
    this.name = 'InvalidEnvelopeError';
  }
}

/** Validates an envelope from the outside world (broker, outbox row); throws InvalidEnvelopeError. */
export function parseEnvelope(value: unknown): EventEnvelope {
  const result = envelopeSchema.safeParse(value);
  if (!result.success) {
    const detail = result.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new InvalidEnvelopeError(`invalid event envelope: ${detail}`, result.error.issues);
  }
  return result.data;
}

/** Parses the JSON body of a broker message and validates it. */
export function decodeEnvelope(content: Buffer | string): EventEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(content.toString());
  } catch {
    throw new InvalidEnvelopeError('invalid event envelope: body is not JSON');
  }
  return parseEnvelope(value);
}
