import type { IncomingMessage } from 'node:http';

import type { Database } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import { REQUEST_ID_HEADER, requestIdFrom, withRequestId } from '@ticketing/log/request-context';
import type { Contract } from '@ticketing/trpc/contract';
import { createImplement } from '@ticketing/trpc/server/implement';
import { formatError, type Meta, rethrowAppError } from '@ticketing/trpc/server/procedure-helpers';
import { initTRPC } from '@trpc/server';

import type { ExpiryScheduler } from './expiry/expiry-queue';
import type { PaymentProvider } from './payments/provider';

/** What the procedures need, built once per process (main.ts) or per test. */
export interface OrdersDependencies {
  db: Database;
  payments: PaymentProvider;
  expiry: ExpiryScheduler;
  holdTtlSeconds: number;
  logger: Logger;
}

export interface OrdersContext extends OrdersDependencies {
  requestId?: string;
  /** The Idempotency-Key header of a REST (or tRPC) request. */
  idempotencyKey?: string;
}

export function createInnerContext(
  dependencies: OrdersDependencies,
  request: Pick<OrdersContext, 'requestId' | 'idempotencyKey'> = {},
): OrdersContext {
  return { ...dependencies, ...request };
}

const firstHeader = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value[0] : value;

export function createHttpContext(dependencies: OrdersDependencies) {
  return ({ req }: { req: IncomingMessage }) =>
    createInnerContext(dependencies, {
      requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]),
      idempotencyKey: firstHeader(req.headers['idempotency-key']),
    });
}

const t = initTRPC.context<OrdersContext>().meta<Meta>().create({ errorFormatter: formatError });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every procedure: domain errors leave as their HTTP status; logs and events carry the request id. */
export const procedure = t.procedure
  .use(async ({ next }) => rethrowAppError(await next()))
  .use(({ ctx, next }) => withRequestId(ctx.requestId, () => next()));

/** A router built from a contract of `@ticketing/trpc` (server/implement.ts). */
export const implement = createImplement(t.router, procedure);

/** The handlers `implement` takes for contract C, typed from it. */
export type Handlers<C extends Contract> = Parameters<typeof implement<C>>[1];
