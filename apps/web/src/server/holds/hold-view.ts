import type { HoldView } from '@ticketing/trpc/public/holds';

import type { HoldRow } from './hold-store';

/**
 * A hold as the buyer sees it. A hold nobody checked out is `expired` from its deadline on, even in
 * the moments before the expiry job has written it: what the buyer can still do with it is what
 * counts.
 */
export function toHoldView(hold: HoldRow, now = new Date()): HoldView {
  const lapsed = (hold.status === 'pending' || hold.status === 'active') && hold.expiresAt <= now;
  return {
    hold_id: hold.id,
    status: lapsed ? 'expired' : hold.status,
    session_id: hold.sessionId,
    ticket_type_id: hold.ticketTypeId,
    quantity: hold.quantity,
    customer_email: hold.customerEmail,
    expires_at: hold.expiresAt.toISOString(),
    order_id: hold.orderId,
    created_at: hold.createdAt.toISOString(),
  };
}
