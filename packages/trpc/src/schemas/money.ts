import { z } from 'zod';

/**
 * Money and seat limits of the whole platform, in one place: what the admin may set, the web may
 * hold and the services must accept. The admin's limits are never above the services', so a
 * ticket type the admin saved can always be held and sold (the buyer never sees an error about a
 * field they did not send).
 */

/** The highest unit price of a ticket, as a decimal string; anything above is taken for a mistake. */
export const MAX_UNIT_PRICE = '99999.99';

const UNIT_PRICE = /^(0|[1-9]\d{0,4})(\.\d{1,2})?$/;

/** A unit price: `0` to `99999.99`, at most two decimals, no sign, no exponent, no leading zero. */
export const unitPrice = z
  .string()
  .regex(
    UNIT_PRICE,
    `must be a decimal string like "19.99": at most 2 decimals, not negative, at most ${MAX_UNIT_PRICE}`,
  );

/** The most seats one buyer's hold may take (public API); a storefront hold is a handful. */
export const MAX_SEATS_PER_HOLD = 50;

/**
 * The most seats one service call may reserve or one order line may carry (inventory hold,
 * orders line). Above the buyer's limit, so every hold the web places fits.
 */
export const MAX_SERVICE_HOLD_QUANTITY = 1_000;

/** The most seats of one ticket type, and of one session's capacity, an admin may set. */
export const MAX_TICKET_TYPE_QUANTITY = 1_000_000;

/** The largest total inventory keeps for one item; far below PostgreSQL's integer limit. */
export const MAX_ITEM_TOTAL_QUANTITY = 10_000_000;

/** At most this many lines in one order; with the caps the total stays far below numeric(12,2). */
export const MAX_ORDER_LINES = 20;
