import type { DeadLetter } from '@ticketing/events/dlq';
import { AppError } from '@ticketing/trpc/errors';
import { z } from 'zod';

import { auditEntry, recordAudit } from '../admin/audit-log';
import type { EventBusAdmin } from '../admin/event-bus';
import { eventBusOverview } from '../admin/event-bus-overview';
import { adminProcedure, router } from '../trpc';
import {
  deadLetterActionSchema,
  deadLetterInput,
  deadLetterSchema,
  eventBusOverviewSchema,
  queueInput,
} from './admin-dashboard-schemas';

/** The broker side is wired by services.ts; a process without it answers 503. */
function eventBusOf(ctx: { eventBus?: EventBusAdmin }) {
  if (!ctx.eventBus) throw new AppError('broker_unavailable', 'The event bus is not configured');
  return ctx.eventBus;
}

const BODY_PREVIEW = 2_000;

/** Recorded once the broker has done it: a message moved or dropped has no transaction to join. */
const deadLetterEntry = (
  action: 'dead_letter.replay' | 'dead_letter.discard',
  { queue, id, letter }: { queue: string; id: string; letter: DeadLetter },
) =>
  auditEntry(action, 'dead_letter', id, {
    queue,
    event_id: letter.eventId,
    event_type: letter.eventType,
  });

const toDeadLetterRow = (letter: DeadLetter) => ({
  id: letter.id,
  event_id: letter.eventId,
  event_type: letter.eventType,
  error: letter.error,
  attempts: letter.attempts,
  dead_lettered_at: letter.deadLetteredAt,
  body: letter.body.slice(0, BODY_PREVIEW),
});

export const adminEventBusRouter = router({
  overview: adminProcedure
    .output(eventBusOverviewSchema)
    .query(({ ctx }) => eventBusOverview({ ...ctx, eventBus: eventBusOf(ctx) })),

  deadLetters: adminProcedure
    .input(queueInput)
    .output(z.array(deadLetterSchema))
    .query(async ({ ctx, input }) =>
      (await eventBusOf(ctx).deadLetters(input.queue)).map(toDeadLetterRow),
    ),

  replay: adminProcedure
    .input(deadLetterInput)
    .output(deadLetterActionSchema)
    .mutation(async ({ ctx, input }) => {
      const letter = await eventBusOf(ctx).replay(input.queue, input.id);
      await recordAudit(
        ctx.db,
        ctx.auditActor,
        deadLetterEntry('dead_letter.replay', { ...input, letter }),
      );
      return { queue: input.queue, id: input.id, status: 'replayed' as const };
    }),

  discard: adminProcedure
    .input(deadLetterInput)
    .output(deadLetterActionSchema)
    .mutation(async ({ ctx, input }) => {
      const letter = await eventBusOf(ctx).discard(input.queue, input.id);
      await recordAudit(
        ctx.db,
        ctx.auditActor,
        deadLetterEntry('dead_letter.discard', { ...input, letter }),
      );
      return { queue: input.queue, id: input.id, status: 'discarded' as const };
    }),
});
