import type { Executor } from '@ticketing/db/client';
import type { AuditPosition, AuditRow } from '@ticketing/db/shared/audit-log-query';
import { AppError } from '@ticketing/trpc/errors';
import {
  type AuditEntry,
  type OrdersAuditAction,
  ordersAuditActions,
} from '@ticketing/trpc/orders/contract';
import { decodeCursor, encodeCursor } from '@ticketing/trpc/public/page-cursor';

import type { OrdersGateway } from '../orders/orders-gateway';
import { ServiceUnavailableError } from '../remote/guarded-client';
import type { AuditListInput, AuditPage } from '../routers/admin-audit-schemas';
import { readWebAuditPage } from './audit-log';

const DEFAULT_LIMIT = 50;

const isOrdersAction = (action: string): action is OrdersAuditAction =>
  (ordersAuditActions as readonly string[]).includes(action);

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  actor: row.actor,
  action: row.action,
  target_type: row.targetType,
  target_id: row.targetId,
  change: row.change,
  client_address: row.clientAddress,
});

/**
 * Newest first by (at, id). Both sources print `at` in UTC with microseconds at a fixed width and
 * ids in lower case, so comparing the strings orders them exactly as PostgreSQL does.
 */
const newestFirst = (a: AuditPosition, b: AuditPosition) =>
  a.at === b.at ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.at < b.at ? 1 : -1;

function positionOf(cursor: string | undefined): AuditPosition | undefined {
  if (cursor === undefined) return undefined;
  const decoded = decodeCursor(cursor);
  if (!decoded) {
    throw new AppError('validation_error', 'Invalid input: cursor: not a cursor of this list', {
      fields: { cursor: 'invalid' },
    });
  }
  return { at: decoded.createdAt, id: decoded.id };
}

/**
 * One page of the admin's audit log: the web's entries (ticketing_main) and orders' (refunds and
 * cancels, ticketing_orders, by `orders.auditLog`) merged into one timeline, so a refund shows
 * beside the sign-in and the catalog change around it and one set of filters covers both. Each
 * source is asked for a page after the same position; the newest `limit` of both are the page
 * (no row of either can sort between them), and the last of it is the next position. Should
 * orders not answer, the web's entries are shown alone and the page says so.
 */
export async function listAuditTrail(
  db: Executor,
  orders: Pick<OrdersGateway, 'auditLog'>,
  input: AuditListInput,
): Promise<AuditPage> {
  const limit = input.limit ?? DEFAULT_LIMIT;
  const before = positionOf(input.cursor);
  const fromOrdersOnly = input.action !== undefined && isOrdersAction(input.action);
  const fromWebOnly = input.action !== undefined && !isOrdersAction(input.action);
  const actions = input.action === undefined ? undefined : [input.action];

  const [web, fromOrders] = await Promise.all([
    fromOrdersOnly
      ? { rows: [], hasMore: false }
      : readWebAuditPage(db, {
          actions,
          actorPrefix: input.actor,
          from: input.from ? new Date(input.from) : undefined,
          to: input.to ? new Date(input.to) : undefined,
          before,
          limit,
        }),
    fromWebOnly
      ? { results: [], has_more: false, unavailable: false }
      : orders
          .auditLog({ actions, actor: input.actor, from: input.from, to: input.to, before, limit })
          .then(
            (page) => ({ ...page, unavailable: false }),
            (error: unknown) => {
              // A 503 of orders (down, timed out, circuit open) costs the page its refunds only.
              if (error instanceof ServiceUnavailableError) {
                return { results: [], has_more: false, unavailable: true };
              }
              throw error;
            },
          ),
  ]);

  const merged = [...web.rows.map(toEntry), ...fromOrders.results].sort(newestFirst);
  const page = merged.slice(0, limit);
  const last = page.at(-1);
  const more = merged.length > limit || web.hasMore || fromOrders.has_more;
  return {
    results: page,
    next_cursor: more && last ? encodeCursor({ createdAt: last.at, id: last.id }) : null,
    orders_unavailable: fromOrders.unavailable,
  };
}
