import type { Executor } from '@ticketing/db/client';
import { sessions, ticketTypes } from '@ticketing/db/main/catalog';
import { AppError } from '@ticketing/trpc/errors';
import { and, eq, ne, sql } from 'drizzle-orm';

/**
 * Locks a session row for the rest of the transaction. Every write that changes a session's
 * capacity or its ticket types' quantities takes this lock first, so two concurrent writes cannot
 * both pass the capacity check.
 *
 * FOR NO KEY UPDATE, not FOR UPDATE: these transactions wait on inventory over HTTP while they hold
 * the lock, and FOR UPDATE conflicts with the FOR KEY SHARE lock that every hold insert's foreign
 * key check takes on the session, so a slow inventory call would stall every hold of the session.
 * NO KEY UPDATE still conflicts with itself, which is all the capacity check needs.
 */
export async function lockSession(tx: Executor, sessionId: string) {
  const [row] = await tx
    .select({
      id: sessions.id,
      eventId: sessions.eventId,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      totalCapacity: sessions.totalCapacity,
    })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .for('no key update');
  return row;
}

/** Σ quantity of the session's ticket types, optionally leaving one out (the one being resized). */
export async function allocatedQuantity(
  tx: Executor,
  sessionId: string,
  exceptTicketTypeId?: string,
): Promise<number> {
  const [row] = await tx
    .select({ total: sql<number>`coalesce(sum(${ticketTypes.quantity}), 0)::int` })
    .from(ticketTypes)
    .where(
      and(
        eq(ticketTypes.sessionId, sessionId),
        exceptTicketTypeId ? ne(ticketTypes.id, exceptTicketTypeId) : undefined,
      ),
    );
  return row?.total ?? 0;
}

/** Ticket-type quantities of a session sum to at most its total_capacity. */
export function assertWithinCapacity(
  field: 'quantity' | 'total_capacity',
  allocated: number,
  totalCapacity: number,
): void {
  if (allocated <= totalCapacity) return;
  const message = `Ticket type quantities (${allocated}) would exceed the session's total_capacity (${totalCapacity})`;
  throw new AppError('capacity_exceeded', message, {
    fields: { [field]: message },
    total_capacity: totalCapacity,
    allocated,
  });
}
