import { z } from 'zod';
import { holdStatuses } from '@ticketing/db/main/holds';
import {
  cancelReasons,
  cardNumber,
  orderItem,
  orderStatuses,
} from '@ticketing/trpc/orders/contract';
import { idempotencyKey } from '@ticketing/trpc/schemas/idempotency-key';
import { pathId } from './catalog-schemas';

/** Request and response shapes of the purchase flow (§5: snake_case, money as decimal strings). */

const timestamp = z.iso.datetime({ offset: true });
const email = z.email().max(254);

/** The most seats one hold may take; a storefront hold is a handful. */
export const MAX_SEATS_PER_HOLD = 50;

export const createHoldInput = z.object({
  session_id: z.uuid(),
  ticket_type_id: z.uuid(),
  quantity: z.number().int().min(1).max(MAX_SEATS_PER_HOLD),
  customer_email: email,
});

export const placedHoldSchema = z
  .object({
    hold_id: z.uuid(),
    status: z.literal('active'),
    quantity: z.number().int(),
    expires_at: timestamp,
  })
  .meta({ id: 'PlacedHold' });

export const holdSchema = z
  .object({
    hold_id: z.uuid(),
    status: z.enum(holdStatuses),
    session_id: z.uuid(),
    ticket_type_id: z.uuid(),
    quantity: z.number().int(),
    customer_email: z.string(),
    expires_at: timestamp,
    order_id: z.uuid().nullable().describe('The order of a converted hold, once known'),
    created_at: timestamp,
  })
  .meta({ id: 'Hold' });

export const releasedHoldSchema = z.object({ status: z.literal('released') });

export const checkoutInput = z.object({
  /** The Idempotency-Key for tRPC callers; REST callers send the header of that name. */
  idempotency_key: idempotencyKey.optional(),
  hold_id: pathId.describe('UUID of an active hold'),
  customer_email: email,
  customer_name: z.string().trim().min(1).max(200).optional(),
});

export const checkoutSchema = z
  .object({
    order_id: z.uuid(),
    status: z.literal('pending'),
    total: z.string(),
    payment_deadline: timestamp,
  })
  .meta({ id: 'Checkout' });

export const confirmInput = z.object({ id: pathId, card_number: cardNumber.optional() });

export const confirmedSchema = z.object({ order_id: z.uuid(), status: z.literal('confirmed') });
export const cancelledSchema = z.object({ order_id: z.uuid(), status: z.literal('cancelled') });

export const orderSchema = z
  .object({
    order_id: z.uuid(),
    status: z.enum(orderStatuses),
    total: z.string(),
    customer_email: z.string(),
    customer_name: z.string().nullable(),
    hold_id: z.uuid(),
    items: z.array(orderItem),
    payment_deadline: timestamp,
    created_at: timestamp,
    cancel_reason: z.enum(cancelReasons).optional(),
  })
  .meta({ id: 'Order' });

/** The checkout page's view of a hold: what is held, for which event and session, and its price. */
export const holdSummarySchema = holdSchema
  .extend({
    event: z.object({
      id: z.uuid(),
      name: z.string(),
      location: z.string(),
      image_url: z.string().nullable(),
    }),
    session: z.object({ starts_at: timestamp, ends_at: timestamp }),
    ticket_type_name: z.string(),
    unit_price: z.string().describe('The price a checkout took, or else the current price'),
    total: z.string().describe('unit_price × quantity'),
    now: timestamp.describe("The server's clock, to count down to expires_at"),
  })
  .meta({ id: 'HoldSummary' });

const lineDetails = {
  event_id: z.string(),
  event_name: z.string(),
  location: z.string(),
  image_url: z.string().nullable(),
  starts_at: z.string(),
  ends_at: z.string(),
  ticket_type_name: z.string(),
};

export const orderTicketSchema = z.object({
  label: z.string().describe('What a person reads at the door'),
  code: z.string().describe('What the QR code encodes: signed, cannot be made from the order id'),
  session_id: z.uuid(),
  ticket_type_id: z.uuid(),
  ...lineDetails,
});

/** The order page's view of an order: its lines named from the catalog, tickets once confirmed. */
export const orderSummarySchema = orderSchema
  .omit({ items: true })
  .extend({
    lines: z.array(orderItem.extend(lineDetails)),
    tickets: z.array(orderTicketSchema).describe('Empty unless the order is confirmed'),
  })
  .meta({ id: 'OrderSummary' });

export const findOrderInput = z.object({
  order_id: z.string().trim().min(1).max(100),
  customer_email: email,
});

export const foundOrderSchema = z.object({ order_id: z.uuid() });
