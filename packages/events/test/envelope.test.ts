import { randomUUID } from 'node:crypto';

import { describe, expect, expectTypeOf, it } from 'vitest';

import {
  decodeEnvelope,
  type EventEnvelope,
  InvalidEnvelopeError,
  parseEnvelope,
} from '../src/envelope';
import { eventTypes } from '../src/payloads';
import { holdCreatedEnvelope, orderConfirmedPayload } from './support/fixtures';

const base = () => ({
  event_id: randomUUID(),
  occurred_at: '2030-01-01T10:00:00.000Z',
  aggregate_id: randomUUID(),
  idempotency_key: null,
});

const seats = () => ({
  hold_id: randomUUID(),
  session_id: randomUUID(),
  ticket_type_id: randomUUID(),
  quantity: 3,
});

const validOfEveryType: Record<(typeof eventTypes)[number], unknown> = {
  'hold.created': holdCreatedEnvelope(),
  'hold.expired': { ...base(), event_type: 'hold.expired', payload: seats() },
  'hold.released': {
    ...base(),
    event_type: 'hold.released',
    payload: { ...seats(), reason: 'buyer_released' },
  },
  'order.confirmed': {
    ...base(),
    event_type: 'order.confirmed',
    payload: orderConfirmedPayload(),
    idempotency_key: randomUUID(),
  },
  'order.cancelled': {
    ...base(),
    event_type: 'order.cancelled',
    payload: { order_id: randomUUID(), hold_id: randomUUID(), reason: 'payment_timeout' },
  },
  'inventory.commit_failed': {
    ...base(),
    event_type: 'inventory.commit_failed',
    payload: { order_id: randomUUID(), hold_id: randomUUID(), reason: 'insufficient_inventory' },
  },
};

describe('parseEnvelope', () => {
  it.each(eventTypes)('accepts a valid %s envelope', (type) => {
    const envelope = parseEnvelope(validOfEveryType[type]);
    expect(envelope.event_type).toBe(type);
  });

  it('narrows the payload type on event_type', () => {
    const envelope: EventEnvelope = parseEnvelope(validOfEveryType['order.confirmed']);
    if (envelope.event_type === 'order.confirmed') {
      expectTypeOf(envelope.payload.items[0]).toEqualTypeOf<
        | { session_id: string; ticket_type_id: string; quantity: number; unit_price: string }
        | undefined
      >();
      expect(envelope.payload.total_amount).toBe('100.00');
    } else {
      expect.fail('wrong event type');
    }
  });

  it('keeps the optional correlation id and allows it to be absent', () => {
    expect(parseEnvelope(holdCreatedEnvelope({ correlation_id: 'req-1' })).correlation_id).toBe(
      'req-1',
    );
    const { correlation_id: _omitted, ...without } = holdCreatedEnvelope();
    expect(parseEnvelope(without).correlation_id).toBeUndefined();
  });

  it.each([
    [
      'an unknown event type',
      { ...holdCreatedEnvelope(), event_type: 'hold.teleported' },
      'event_type',
    ],
    ['a non-uuid event id', { ...holdCreatedEnvelope(), event_id: 'abc' }, 'event_id'],
    [
      'a missing aggregate id',
      { ...holdCreatedEnvelope(), aggregate_id: undefined },
      'aggregate_id',
    ],
    [
      'a date that is not ISO-8601',
      { ...holdCreatedEnvelope(), occurred_at: 'yesterday' },
      'occurred_at',
    ],
    [
      'a payload of another event',
      { ...holdCreatedEnvelope(), payload: orderConfirmedPayload() },
      'payload.',
    ],
    [
      'a zero quantity',
      { ...holdCreatedEnvelope(), payload: { ...holdCreatedEnvelope().payload, quantity: 0 } },
      'payload.quantity',
    ],
    [
      'money as a float',
      {
        ...(validOfEveryType['order.confirmed'] as object),
        payload: { ...orderConfirmedPayload(), total_amount: 100.5 },
      },
      'payload.total_amount',
    ],
    [
      'money with three decimals',
      {
        ...(validOfEveryType['order.confirmed'] as object),
        payload: { ...orderConfirmedPayload(), total_amount: '1.005' },
      },
      'payload.total_amount',
    ],
    [
      'an order without items',
      {
        ...(validOfEveryType['order.confirmed'] as object),
        payload: { ...orderConfirmedPayload(), items: [] },
      },
      'payload.items',
    ],
    [
      'a bad customer email',
      {
        ...holdCreatedEnvelope(),
        payload: { ...holdCreatedEnvelope().payload, customer_email: 'nope' },
      },
      'payload.customer_email',
    ],
  ])('rejects %s, naming the field', (_, value, field) => {
    expect(() => parseEnvelope(value)).toThrow(InvalidEnvelopeError);
    expect(() => parseEnvelope(value)).toThrow(field);
  });

  it('rejects a body that is not JSON', () => {
    expect(() => decodeEnvelope(Buffer.from('{not json'))).toThrow(/not JSON/);
  });

  it('round-trips through JSON', () => {
    const envelope = holdCreatedEnvelope();
    expect(decodeEnvelope(Buffer.from(JSON.stringify(envelope)))).toEqual(envelope);
  });
});
