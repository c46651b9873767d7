import { setTimeout as sleep } from 'node:timers/promises';

import type { Database } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import { AppError } from '@ticketing/trpc/errors';
import type { InventoryContract } from '@ticketing/trpc/inventory/contract';

import { listTicketTypeTotals } from '../server/catalog/ticket-types';
import type { GuardedClient } from '../server/remote/guarded-client';
import { ServiceUnavailableError } from '../server/remote/guarded-client';

export interface ReconciliationOptions {
  db: Database;
  inventory: GuardedClient<InventoryContract>;
  logger: Logger;
  /** Stops the retries (shutdown). */
  signal: AbortSignal;
  /** Pause between attempts while inventory does not answer. */
  retryDelayMs?: number;
}

export interface ReconciliationResult {
  /** Items created or resized to the catalog's quantity. */
  synced: number;
  /** Ticket types inventory refused to resize (quantity below held + committed). */
  refused: number;
}

const SESSIONS_PER_CALL = 100;

/**
 * Gives every ticket type of the catalog its inventory item with the catalog's total. `npm run
 * dev` seeds the catalog before the services run, and a resize whose transaction failed after
 * inventory accepted it leaves the totals apart, so the worker does this at every start, retrying
 * until inventory answers. Items already right are left alone; upserts are idempotent anyway.
 */
export async function reconcileInventory(
  options: ReconciliationOptions,
): Promise<ReconciliationResult> {
  const { logger, signal } = options;
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await reconcileOnce(options);
    } catch (error) {
      if (signal.aborted || !(error instanceof ServiceUnavailableError)) throw error;
      if (attempt === 1) logger.info('inventory not reachable yet; reconciliation retries');
      await sleep(Math.min(retryDelayMs * attempt, 5_000), undefined, { signal });
    }
  }
}

async function reconcileOnce(options: ReconciliationOptions): Promise<ReconciliationResult> {
  const { db, inventory, logger } = options;
  const ticketTypes = await listTicketTypeTotals(db);
  const sessionIds = [...new Set(ticketTypes.map((type) => type.sessionId))];
  const totals = new Map<string, number>();
  for (let start = 0; start < sessionIds.length; start += SESSIONS_PER_CALL) {
    const { results } = await inventory.listItems({
      session_ids: sessionIds.slice(start, start + SESSIONS_PER_CALL),
    });
    for (const item of results) totals.set(item.ticket_type_id, item.total_quantity);
  }

  const result: ReconciliationResult = { synced: 0, refused: 0 };
  for (const type of ticketTypes) {
    if (totals.get(type.id) === type.quantity) continue;
    try {
      await inventory.upsertItem({
        session_id: type.sessionId,
        ticket_type_id: type.id,
        total_quantity: type.quantity,
      });
      result.synced += 1;
    } catch (error) {
      if (!(error instanceof AppError) || error instanceof ServiceUnavailableError) throw error;
      result.refused += 1;
      logger.warn(
        { err: error, ticket_type_id: type.id, quantity: type.quantity },
        'inventory refused the catalog quantity of a ticket type',
      );
    }
  }
  logger.info({ ticket_types: ticketTypes.length, ...result }, 'inventory reconciled');
  return result;
}
