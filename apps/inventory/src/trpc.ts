import type { Database } from '@ticketing/db/client';
import { formatError, type Meta, rethrowAppError } from '@ticketing/trpc/server/procedure-helpers';
import { initTRPC } from '@trpc/server';
import type { HoldCoalescer } from './inventory/hold-coalescer';

/** What every procedure gets: the pool, and the per-item group commit of holds. */
export interface Context {
  db: Database;
  holds: HoldCoalescer;
}

const t = initTRPC.context<Context>().meta<Meta>().create({ errorFormatter: formatError });

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/** Domain code throws AppError; this turns it into the matching tRPC error and HTTP status. */
export const procedure = t.procedure.use(async ({ next }) => rethrowAppError(await next()));
