import type { Database } from '@ticketing/db/client';
import type { Contract } from '@ticketing/trpc/contract';
import { createImplement } from '@ticketing/trpc/server/implement';
import { formatError, type Meta, rethrowAppError } from '@ticketing/trpc/server/procedure-helpers';
import { initTRPC } from '@trpc/server';

import type { HoldCoalescer } from './inventory/hold-coalescer';
import type { HoldOutcome } from './inventory/place-holds';

/** What every procedure gets: the pool, and the per-item group commit of holds. */
export interface Context {
  db: Database;
  holds: HoldCoalescer;
  /** Sees every answered hold (the process's hold metrics). */
  onHoldOutcome?: (outcome: HoldOutcome['outcome']) => void;
}

const t = initTRPC.context<Context>().meta<Meta>().create({ errorFormatter: formatError });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain code throws AppError; this turns it into the matching tRPC error and HTTP status. */
export const procedure = t.procedure.use(async ({ next }) => rethrowAppError(await next()));

/** A router built from a contract of `@ticketing/trpc` (server/implement.ts). */
export const implement = createImplement(t.router, procedure);

/** The handlers `implement` takes for contract C, typed from it. */
export type Handlers<C extends Contract> = Parameters<typeof implement<C>>[1];
