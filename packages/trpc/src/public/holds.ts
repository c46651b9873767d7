import { z } from 'zod';

import { pathIdOf, uuidParam } from '../schemas/ids';
import { MAX_SEATS_PER_HOLD } from '../schemas/money';
import { email, timestamp } from '../schemas/scalars';

/** Holds of the purchase flow (docs/architecture.md §2.1, §5). */

/** Every state a hold can be in, as the buyer sees it. */
export const holdStatuses = [
  'pending',
  'active',
  'converted',
  'expired',
  'released',
  'rejected',
] as const;


export const createHoldInput = z.object({
  session_id: uuidParam,
  ticket_type_id: uuidParam,
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

export const holdIdInput = z.object({ id: pathIdOf('hold') });

export const releasedHoldSchema = z.object({ status: z.literal('released') });

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

export type HoldStatus = (typeof holdStatuses)[number];
export type HoldRequest = z.output<typeof createHoldInput>;
export type PlacedHold = z.infer<typeof placedHoldSchema>;
export type HoldView = z.infer<typeof holdSchema>;
export type HoldSummary = z.infer<typeof holdSummarySchema>;
