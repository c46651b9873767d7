import {
  cancelReasons,
  orderSorts,
  orderStatuses,
  paymentOutput,
} from '@ticketing/trpc/orders/contract';
import { pathIdOf } from '@ticketing/trpc/schemas/ids';
import { safeText } from '@ticketing/trpc/schemas/text';
import { z } from 'zod';

/** Inputs and answers of the admin dashboard's procedures (orders, stats, inventory, event bus). */

const instant = z.iso.datetime({ offset: true });

export const adminOrderListInput = z.object({
  /** Order-number prefix or e-mail prefix, any case. */
  q: safeText({ max: 254 }).optional(),
  status: z.enum(orderStatuses).optional(),
  event_id: pathIdOf('event').optional(),
  /** Created at or after / before (ISO-8601 with offset). */
  from: instant.optional(),
  to: instant.optional(),
  /** `created_desc` (default), `created_asc`, `total_desc` or `total_asc`, done by the orders service. */
  sort: z.enum(orderSorts).optional(),
  cursor: safeText({ max: 200, min: 0, trim: false }).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type AdminOrderListInput = z.output<typeof adminOrderListInput>;

export const adminOrderItemSchema = z.object({
  session_id: z.string(),
  ticket_type_id: z.string(),
  quantity: z.number().int(),
  unit_price: z.string(),
  /** Absent once the ticket type (or its event) was deleted from the catalog. */
  event_id: z.string().optional(),
  event_name: z.string().optional(),
  ticket_type_name: z.string().optional(),
  session_starts_at: z.string().optional(),
});

export const adminOrderSchema = z.object({
  order_id: z.string(),
  status: z.enum(orderStatuses),
  cancel_reason: z.enum(cancelReasons).optional(),
  total: z.string(),
  customer_email: z.string(),
  customer_name: z.string().nullable(),
  hold_id: z.string(),
  payment_deadline: z.string(),
  created_at: z.string(),
  items: z.array(adminOrderItemSchema),
});
export type AdminOrder = z.output<typeof adminOrderSchema>;

export const adminOrderPageSchema = z.object({
  results: z.array(adminOrderSchema),
  next_cursor: z.string().nullable(),
});

export const adminOrderDetailSchema = adminOrderSchema.extend({
  /** The payment that succeeded (and may be refunded since), else the latest attempt. */
  payment: paymentOutput.nullable(),
  payments: z.array(paymentOutput),
  history: z.array(
    z.object({ status: z.enum(orderStatuses), at: z.string(), reason: z.string().nullable() }),
  ),
  events: z.array(
    z.object({
      event_id: z.string(),
      event_type: z.string(),
      occurred_at: z.string(),
      published_at: z.string().nullable(),
    }),
  ),
});

export const refundSchema = z.object({
  order_id: z.string(),
  status: z.literal('cancelled'),
  refund_status: z.literal('refunded'),
});

export const cancelSchema = z.object({ order_id: z.string(), status: z.literal('cancelled') });

export const statsInput = z.object({
  event_id: pathIdOf('event').optional(),
  days: z.coerce.number().int().min(1).max(366).default(30),
});

export const statsSchema = z.object({
  /** Net of refunds, over the last `days` days (today included). */
  tickets_sold: z.number().int(),
  revenue: z.string(),
  /** Orders created since midnight UTC. */
  orders_today: z.number().int(),
  /** Holds with seats right now. */
  holds_active: z.number().int(),
  /** Orders paid ÷ holds placed over the period, 0..1 (4 decimals). */
  conversion: z.number().min(0).max(1),
  /** One entry per UTC day of the period, oldest first, zeros included. */
  per_day: z.array(z.object({ day: z.string(), tickets: z.number().int(), revenue: z.string() })),
  by_status: z.array(z.object({ status: z.enum(orderStatuses), count: z.number().int() })),
  sell_through: z.array(
    z.object({
      ticket_type_id: z.string(),
      name: z.string(),
      event_id: z.string(),
      event_name: z.string(),
      session_id: z.string(),
      starts_at: z.string(),
      sold: z.number().int(),
      held: z.number().int(),
      available: z.number().int(),
    }),
  ),
});

export const eventFilterInput = z.object({ event_id: pathIdOf('event').optional() }).default({});

export const inventoryRowSchema = z.object({
  event_id: z.string(),
  event_name: z.string(),
  session_id: z.string(),
  starts_at: z.string(),
  ticket_type_id: z.string(),
  name: z.string(),
  total: z.number().int(),
  available: z.number().int(),
  held: z.number().int(),
  committed: z.number().int(),
});

export const outboxStateSchema = z.object({
  service: z.enum(['web', 'inventory', 'orders']),
  /** Null when the service could not be asked (see `available`). */
  unpublished: z.number().int().nullable(),
  oldest_age_seconds: z.number().nullable(),
  available: z.boolean(),
});

export const queueStateSchema = z.object({
  /** The consumer's name, which deadLetters/replay/discard take as `queue`. */
  queue: z.string(),
  /** The RabbitMQ queue (prefix included). */
  queue_name: z.string(),
  depth: z.number().int(),
  consumers: z.number().int(),
  dead_letters: z.number().int(),
  exists: z.boolean(),
});

export const eventBusOverviewSchema = z.object({
  outboxes: z.array(outboxStateSchema),
  queues: z.array(queueStateSchema),
});

export const queueInput = z.object({ queue: safeText({ max: 100, trim: false }) });
export const deadLetterInput = queueInput.extend({ id: safeText({ max: 200, trim: false }) });

export const deadLetterSchema = z.object({
  /** What replay/discard take: the event_id, else the message id, else `sha256:<hash of the body>`. */
  id: z.string(),
  event_id: z.string().nullable(),
  event_type: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  dead_lettered_at: z.string().nullable(),
  /** The raw body, shortened; what an unreadable message holds. */
  body: z.string(),
});

export const deadLetterActionSchema = z.object({
  queue: z.string(),
  id: z.string(),
  status: z.enum(['replayed', 'discarded']),
});
