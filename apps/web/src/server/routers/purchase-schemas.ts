import { z } from 'zod';
import { holdStatuses } from '@ticketing/db/main/holds';
import {
  cancelReasons,
  cardNumber,
  idempotencyKey,
  orderItem,
  orderStatuses,
} from '@ticketing/trpc/orders/contract';
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
