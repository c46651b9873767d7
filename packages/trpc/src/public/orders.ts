import { z } from 'zod';

import { createOrderInput, createOrderOutput, orderItem, orderOutput } from '../orders/contract';
import { pathIdOf } from '../schemas/ids';
import { email } from '../schemas/scalars';
import { safeText } from '../schemas/text';

/**
 * Checkout and orders as the web serves them (docs/architecture.md §2.2–2.3, §5). Where the web
 * passes the orders service's answer through, the schema is the orders contract's own.
 */

export const checkoutInput = z.object({
  /** The Idempotency-Key for tRPC callers; REST callers send the header of that name. */
  idempotency_key: createOrderInput.shape.idempotency_key,
  hold_id: pathIdOf('hold', 'UUID of an active hold'),
  customer_email: createOrderInput.shape.customer_email,
  customer_name: createOrderInput.shape.customer_name,
});

export const checkoutSchema = createOrderOutput
  .pick({ order_id: true, status: true, total: true, payment_deadline: true })
  .meta({ id: 'Checkout' });

export const orderSchema = orderOutput.meta({ id: 'Order' });

const lineDetails = {
  event_id: z.string(),
  event_name: z.string(),
  location: z.string(),
  image_url: z.string().nullable(),
  starts_at: z.string(),
  ends_at: z.string(),
  ticket_type_name: z.string(),
};

export const orderLineSchema = orderItem.extend(lineDetails);

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
    lines: z.array(orderLineSchema),
    tickets: z.array(orderTicketSchema).describe('Empty unless the order is confirmed'),
  })
  .meta({ id: 'OrderSummary' });

export const findOrderInput = z.object({
  order_id: safeText({ max: 100 }),
  customer_email: email,
});

export const foundOrderSchema = z.object({ order_id: z.uuid() });

/** A checkout without its key, which travels on its own (body field or header). */
export type CheckoutRequest = Omit<z.output<typeof checkoutInput>, 'idempotency_key'>;
export type CheckoutResult = z.infer<typeof checkoutSchema>;
export type OrderLine = z.infer<typeof orderLineSchema>;
export type OrderTicket = z.infer<typeof orderTicketSchema>;
export type OrderSummary = z.infer<typeof orderSummarySchema>;
