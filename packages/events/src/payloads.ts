import { z } from 'zod';

/** Payload of every event of docs/architecture.md §4, keyed by event type (= routing key). */

/** numeric(12,2) as a decimal string: money never travels as a float. */
export const money = z
  .string()
  .regex(/^\d{1,10}(\.\d{1,2})?$/, 'expected a decimal amount such as "50.00"');

const quantity = z.number().int().positive();
const timestamp = z.iso.datetime({ offset: true });
const reason = z.string().min(1).max(200);

const holdSeats = {
  hold_id: z.uuid(),
  session_id: z.uuid(),
  ticket_type_id: z.uuid(),
  quantity,
};

export const holdCreatedPayload = z.object({
  ...holdSeats,
  customer_email: z.email(),
  expires_at: timestamp,
});

export const holdExpiredPayload = z.object(holdSeats);

export const holdReleasedPayload = z.object({ ...holdSeats, reason });

export const orderItem = z.object({
  session_id: z.uuid(),
  ticket_type_id: z.uuid(),
  quantity,
  unit_price: money,
});

export const orderConfirmedPayload = z.object({
  order_id: z.uuid(),
  hold_id: z.uuid(),
  customer_email: z.email(),
  total_amount: money,
  items: z.array(orderItem).min(1),
});

export const orderCancelledPayload = z.object({
  order_id: z.uuid(),
  hold_id: z.uuid(),
  reason,
});

export const inventoryCommitFailedPayload = z.object({
  hold_id: z.uuid(),
  order_id: z.uuid(),
  reason,
});

export const payloadSchemas = {
  'hold.created': holdCreatedPayload,
  'hold.expired': holdExpiredPayload,
  'hold.released': holdReleasedPayload,
  'order.confirmed': orderConfirmedPayload,
  'order.cancelled': orderCancelledPayload,
  'inventory.commit_failed': inventoryCommitFailedPayload,
} as const;

export type PayloadSchemas = typeof payloadSchemas;
export type EventType = keyof PayloadSchemas;
export type EventPayload<T extends EventType> = z.infer<PayloadSchemas[T]>;

export const eventTypes = Object.keys(payloadSchemas) as EventType[];
