import type { IncomingMessage } from 'node:http';

import type { Database } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import type { Contract } from '@ticketing/trpc/contract';
import { AppError } from '@ticketing/trpc/errors';
import { createImplement } from '@ticketing/trpc/server/implement';
import { formatError, type Meta, rethrowAppError } from '@ticketing/trpc/server/procedure-helpers';
import { initTRPC } from '@trpc/server';

import { actorOf,type AuditActor } from './admin/audit-log';
import type { EventBusAdmin } from './admin/event-bus';
import {
  type AdminAuthConfig,
  type AdminIdentity,
  resolveAdmin,
  sessionTokenIsCurrent,
} from './auth/admin-identity';
import { clientAddress } from './auth/client-address';
import type { CatalogCache } from './cache/catalog-cache';
import type { HoldExpiryScheduler } from './holds/hold-expiry-queue';
import type { InventoryGateway } from './inventory/inventory-gateway';
import type { PurchaseRateLimiter } from './limits/purchase-rate-limiter';
import type { OrdersGateway } from './orders/orders-gateway';

/** What every procedure may use; tests and server components build it directly (`createCaller`). */
export interface WebDependencies {
  db: Database;
  cache: CatalogCache;
  inventory: InventoryGateway;
  orders: OrdersGateway;
  holdExpiry: HoldExpiryScheduler;
  holdTtlSeconds: number;
  /** Holds and checkouts per client address (HOLD_/CHECKOUT_RATE_LIMIT_PER_MINUTE). */
  purchaseLimiter: PurchaseRateLimiter;
  /** MAX_SEATS_PER_BUYER_PER_SESSION: seats one e-mail may hold of one session at once. */
  maxSeatsPerBuyer: number;
  /** The admin's view of RabbitMQ (queues, dead letters); absent where no admin page runs. */
  eventBus?: EventBusAdmin;
  ticketSigningSecret: string;
  logger: Logger;
}

export interface WebContext extends WebDependencies {
  /** Resolved lazily: public reads never pay for decrypting a session cookie. */
  admin: () => Promise<AdminIdentity | null>;
  /**
   * The client's address for the audit log: the socket's, as the HTTP front accepted it, never a
   * header the client sent (the same the sign-in limit uses, CLIENT_ADDRESS_HEADER).
   */
  clientAddress: string;
  /** The `Idempotency-Key` header of the request (checkout). */
  idempotencyKey?: string;
}

const firstHeader = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value[0] : value;

/** Context of an HTTP request (tRPC or REST): the admin comes from its headers. */
export function createRequestContext(
  deps: WebDependencies,
  auth: AdminAuthConfig,
  req: IncomingMessage,
): WebContext {
  let admin: Promise<AdminIdentity | null> | undefined;
  return {
    ...deps,
    admin: () => (admin ??= resolveAdmin(req.headers, auth, (payload) => sessionTokenIsCurrent(deps.db, payload))),
    // Written by the web's HTTP front (socket, or X-Forwarded-For behind TRUSTED_PROXY_HOPS).
    clientAddress: clientAddress(req.headers),
    idempotencyKey: firstHeader(req.headers['idempotency-key']),
  };
}

/** Context of an in-process call (server components, tests) with a known admin or none. */
export function createInnerContext(
  deps: WebDependencies,
  admin: AdminIdentity | null = null,
  clientAddress = 'in-process',
): WebContext {
  return { ...deps, admin: async () => admin, clientAddress };
}

const t = initTRPC.context<WebContext>().meta<Meta>().create({ errorFormatter: formatError });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const baseProcedure = t.procedure.use(async ({ next }) => rethrowAppError(await next()));

export const publicProcedure = baseProcedure;

/** A public router built from its area of the public contract (`@ticketing/trpc/public/contract`). */
export const implement = createImplement(t.router, publicProcedure);

/** The handlers `implement` takes for contract C, typed from it. */
export type Handlers<C extends Contract> = Parameters<typeof implement<C>>[1];

/**
 * 401 `unauthorized` unless the request carries ADMIN_API_TOKEN or a valid admin session; the
 * procedure gets `auditActor` (who and from where) for the audit entries of its writes.
 */
export const adminProcedure = baseProcedure.use(async ({ ctx, path, type, next }) => {
  const admin = await ctx.admin();
  if (!admin) throw new AppError('unauthorized', 'Admin credentials required');
  const auditActor: AuditActor = { actor: actorOf(admin), clientAddress: ctx.clientAddress };
  const result = await next({ ctx: { adminIdentity: admin, auditActor } });
  // Logged besides the audit entries the writes make themselves (admin/audit-log.ts); reads are neither.
  if (result.ok && type === 'mutation') ctx.logger.info({ admin, procedure: path }, 'admin change');
  return result;
});
