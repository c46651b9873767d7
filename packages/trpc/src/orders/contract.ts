import { z } from 'zod';

import type { Contract } from '../contract';
import { idempotencyKey, idempotencyKeyHeaders } from '../schemas/idempotency-key';
import { pathIdOf, uuidParam } from '../schemas/ids';
import { MAX_ORDER_LINES, MAX_SERVICE_HOLD_QUANTITY, unitPrice } from '../schemas/money';
import { email, timestamp } from '../schemas/scalars';
import { safeText } from '../schemas/text';

/**
 * The orders service's procedures (docs/architecture.md §5). Field names are the public contract's snake_case, so the
 * REST routes and the tRPC procedures share one shape. Money is a decimal string, never a number.
 */

export const orderStatuses = ['pending', 'confirmed', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];
export const cancelReasons = [
  'customer',
  'payment_timeout',
  'inventory_unavailable',
  'refunded_by_admin',
] as const;
export type CancelReason = (typeof cancelReasons)[number];

/** Limits and the unit price format are the platform's (schemas/money.ts), shared with the web's admin. */

/** The card number of the payment stub; absent means the stub's default card. */
export const cardNumber = z.string().regex(/^\d{12,19}$/, 'must be 12 to 19 digits');

/** A malformed order id answers 404 like an unknown one (pathIdOf). */
const orderId = pathIdOf('order');

export const orderItem = z.object({
  session_id: uuidParam,
  ticket_type_id: uuidParam,
  quantity: z.number().int().min(1).max(MAX_SERVICE_HOLD_QUANTITY),
  unit_price: unitPrice,
});
export type OrderItem = z.output<typeof orderItem>;

const itemKey = (item: OrderItem) => `${item.session_id}/${item.ticket_type_id}`;

export const createOrderInput = z.object({
  /** The Idempotency-Key; over REST it comes in the header of that name instead. */
  idempotency_key: idempotencyKey.optional(),
  customer_email: email,
  customer_name: safeText({ max: 200 }).optional(),
  hold_id: uuidParam,
  items: z
    .array(orderItem)
    .min(1)
    .max(MAX_ORDER_LINES)
    .refine((items) => new Set(items.map(itemKey)).size === items.length, {
      message: 'each session and ticket type may appear only once',
    }),
  /** When payment must be made; the storefront passes the hold's expires_at. Default: now + HOLD_TTL. */
  payment_deadline: timestamp.optional(),
});
export type CreateOrderInput = z.input<typeof createOrderInput>;

const orderFields = {
  order_id: z.uuid(),
  total: z.string(),
  hold_id: z.uuid(),
  customer_email: z.string(),
  customer_name: z.string().nullable(),
  items: z.array(orderItem),
  payment_deadline: timestamp,
  created_at: timestamp,
};

/** The answer of `create`; a replay of the same key and body answers exactly this again. */
export const createOrderOutput = z.object({ ...orderFields, status: z.literal('pending') });
export type CreateOrderOutput = z.output<typeof createOrderOutput>;

export const orderOutput = z.object({
  ...orderFields,
  status: z.enum(orderStatuses),
  cancel_reason: z.enum(cancelReasons).optional(),
});
export type OrderOutput = z.output<typeof orderOutput>;

export const orderIdInput = z.object({ id: orderId });
export const confirmOrderInput = z.object({ id: orderId, card_number: cardNumber.optional() });
export const holdIdInput = z.object({
  hold_id: pathIdOf('order of hold', 'UUID of the hold'),
});

export const confirmOrderOutput = z.object({ order_id: z.uuid(), status: z.literal('confirmed') });
export const cancelOrderOutput = z.object({ order_id: z.uuid(), status: z.literal('cancelled') });

/** Pages of the admin list; the cursor is opaque (it names the last row of the page). */
export const MAX_LIST_LIMIT = 100;
/** The web passes an event's sessions; an event has a handful, a festival perhaps hundreds. */
const MAX_FILTER_IDS = 500;

const idList = z.array(uuidParam).min(1).max(MAX_FILTER_IDS);

/** How the admin list can be ordered (ties broken by order id, so pages never overlap). */
export const orderSorts = ['created_desc', 'created_asc', 'total_desc', 'total_asc'] as const;
export type OrderSort = (typeof orderSorts)[number];
const instant = timestamp;

export const listOrdersInput = z.object({
  /** An order-number prefix or an e-mail prefix, case-insensitive. */
  q: safeText({ max: 254 }).optional(),
  status: z.enum(orderStatuses).optional(),
  /** Orders with a line of one of these sessions (the web resolves an event to its sessions). */
  session_ids: idList.optional(),
  ticket_type_ids: idList.optional(),
  /** Created at or after / strictly before. */
  from: instant.optional(),
  to: instant.optional(),
  /** Newest first by default; a cursor belongs to the order it was made for. */
  sort: z.enum(orderSorts).default('created_desc'),
  cursor: safeText({ max: 200, min: 0, trim: false }).optional(),
  limit: z.number().int().min(1).max(MAX_LIST_LIMIT).default(20),
});
export type ListOrdersInput = z.input<typeof listOrdersInput>;

export const listOrdersOutput = z.object({
  results: z.array(orderOutput),
  next_cursor: z.string().nullable(),
});

/** Money as a decimal string. */
const amount = z.string();

export const orderStatsInput = z.object({
  from: instant,
  to: instant,
  session_ids: idList.optional(),
});

export const orderStatsOutput = z.object({
  /** Net sales by UTC day of confirmation (a refund takes its tickets off that day again). */
  per_day: z.array(z.object({ day: z.string(), tickets: z.number().int(), revenue: amount })),
  tickets_sold: z.number().int(),
  revenue: amount,
  /** Orders created in [from, to), by their current status. */
  by_status: z.array(z.object({ status: z.enum(orderStatuses), count: z.number().int() })),
  /** Orders created since the start of the current UTC day. */
  orders_today: z.number().int(),
  /** Orders created in [from, to) that are confirmed now. */
  confirmed: z.number().int(),
});
export type OrderStatsOutput = z.output<typeof orderStatsOutput>;

export const paymentOutput = z.object({
  status: z.enum(['succeeded', 'failed', 'refunded']),
  amount,
  provider: z.string(),
  provider_reference: z.string().nullable(),
  failure_reason: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const orderHistoryOutput = z.object({
  order: orderOutput,
  /** The payment that succeeded (and may have been refunded), else the latest attempt; null before any. */
  payment: paymentOutput.nullable(),
  /** Every attempt, oldest first (declined ones included). */
  payments: z.array(paymentOutput),
  history: z.array(
    z.object({
      status: z.enum(orderStatuses),
      at: z.string(),
      reason: z.enum(cancelReasons).nullable(),
    }),
  ),
  /** The events this order put into the orders outbox, oldest first. */
  events: z.array(
    z.object({
      event_id: z.uuid(),
      event_type: z.string(),
      occurred_at: z.string(),
      published_at: z.string().nullable(),
    }),
  ),
});
export type OrderHistoryOutput = z.output<typeof orderHistoryOutput>;

/**
 * Who asked for an admin write and from where, recorded in the audit log of the transaction that
 * makes it. The web passes them (the admin's e-mail, or `api-token`; the address its HTTP front saw);
 * optional, so a caller without them still works.
 */
export const adminActorFields = {
  actor: safeText({ max: 254 }).optional(),
  client_address: safeText({ max: 100 }).optional(),
};
export type AdminActor = { actor?: string; client_address?: string };

export const refundOrderInput = orderIdInput.extend(adminActorFields);
/** A buyer's cancel names nobody; an admin's names the admin, and is audited. */
export const cancelOrderInput = orderIdInput.extend(adminActorFields);

export const refundOrderOutput = z.object({
  order_id: z.uuid(),
  status: z.literal('cancelled'),
  refund_status: z.literal('refunded'),
});

/** An instant as PostgreSQL keeps it, in UTC with its microseconds: a position in the audit log. */
export const auditInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/, 'must be UTC with microseconds')
  // An impossible date (month 13, 31 February) is refused here, not by PostgreSQL.
  .refine((value) => {
    const millis = `${value.slice(0, 23)}Z`;
    const parsed = new Date(millis);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString() === millis;
  }, 'not a real instant');

/** The actions orders audits (the web audits its own, in ticketing_main). */
export const ordersAuditActions = ['order.refund', 'order.cancel'] as const;
export type OrdersAuditAction = (typeof ordersAuditActions)[number];

/** One audited admin write. */
export const auditEntryOutput = z.object({
  id: z.uuid(),
  /** When, UTC with microseconds; with `id` the entry's position, newest first. */
  at: auditInstant,
  /** The admin's e-mail, `api-token`, or the e-mail a failed sign-in tried. */
  actor: z.string(),
  /** `<target>.<verb>`, e.g. `order.refund`. */
  action: z.string(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  /** A few fields of what changed; never a password or a token. */
  change: z.record(z.string(), z.unknown()),
  client_address: z.string(),
});
export type AuditEntry = z.output<typeof auditEntryOutput>;

export const MAX_AUDIT_LIMIT = 100;

export const auditLogInput = z.object({
  /** Only entries of these actions. */
  actions: z
    .array(safeText({ max: 64, trim: false }))
    .max(50)
    .optional(),
  /** A case-insensitive prefix of the actor. */
  actor: safeText({ max: 254 }).optional(),
  /** At or after / strictly before. */
  from: instant.optional(),
  to: instant.optional(),
  /** Strictly older than this entry's position (the last of the previous page). */
  before: z.object({ at: auditInstant, id: uuidParam }).optional(),
  limit: z.number().int().min(1).max(MAX_AUDIT_LIMIT).default(50),
});
export type AuditLogInput = z.input<typeof auditLogInput>;

export const auditLogOutput = z.object({
  /** Newest first. */
  results: z.array(auditEntryOutput),
  /** Whether older entries match too (ask again with the last one as `before`). */
  has_more: z.boolean(),
});
export type AuditLogOutput = z.output<typeof auditLogOutput>;

export const outboxBacklogOutput = z.object({
  /** Rows not yet published. */
  unpublished: z.number().int(),
  /** Age of the oldest unpublished row; null when there is none. */
  oldest_age_seconds: z.number().nullable(),
});
export type OutboxBacklog = z.output<typeof outboxBacklogOutput>;

export const ordersContract = {
  /** One order per Idempotency-Key. 400 without a key, 409 hold_not_active, 422 idempotency_key_reused. */
  create: {
    kind: 'mutation',
    input: createOrderInput,
    output: createOrderOutput,
    rest: {
      method: 'POST',
      path: '/orders',
      requestHeaders: idempotencyKeyHeaders,
      successStatus: 201,
    },
  },
  /** Pay and confirm; again: same answer. 402 payment_declined, 404, 409 order_not_pending, 410 payment_deadline_passed. */
  confirm: {
    kind: 'mutation',
    input: confirmOrderInput,
    output: confirmOrderOutput,
    rest: { method: 'POST', path: '/orders/{id}/confirm' },
  },
  /** Cancel a pending order (again: same answer). 404, 409 order_not_pending. */
  cancel: {
    kind: 'mutation',
    input: cancelOrderInput,
    output: cancelOrderOutput,
    rest: { method: 'POST', path: '/orders/{id}/cancel' },
  },
  /** 404 for an unknown or malformed id. */
  get: {
    kind: 'query',
    input: orderIdInput,
    output: orderOutput,
    rest: { method: 'GET', path: '/orders/{id}' },
  },
  /** The order of a hold: its live one, else its latest; 404 when the hold never got one. */
  getByHoldId: {
    kind: 'query',
    input: holdIdInput,
    output: orderOutput,
    rest: { method: 'GET', path: '/orders/by-hold/{hold_id}' },
  },
  // Admin procedures (dashboard): tRPC only, the web exposes them behind its admin auth.
  /** Admin list, newest first, keyset cursor; filters combine with AND. 400 for a bad cursor. */
  list: { kind: 'query', input: listOrdersInput, output: listOrdersOutput },
  /** Dashboard figures from the daily rollup and indexed counts. */
  stats: { kind: 'query', input: orderStatsInput, output: orderStatsOutput },
  /** The order with its payment, status history and outbox events. 404. */
  history: { kind: 'query', input: orderIdInput, output: orderHistoryOutput },
  /** Refund a confirmed order: payment refunded, order cancelled (refunded_by_admin), order.cancelled, an audit entry. Again: same. 404, 409 order_not_confirmed. */
  refund: { kind: 'mutation', input: refundOrderInput, output: refundOrderOutput },
  /** The audit log of orders' admin writes (refunds, admin cancels), newest first, keyset by `before`. */
  auditLog: { kind: 'query', input: auditLogInput, output: auditLogOutput },
  /** Unpublished rows of the orders outbox. */
  outboxBacklog: { kind: 'query', input: z.void(), output: outboxBacklogOutput },
} as const satisfies Contract;

export type OrdersContract = typeof ordersContract;
