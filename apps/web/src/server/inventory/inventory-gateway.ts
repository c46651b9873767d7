import type { Logger } from '@ticketing/log/logger';
import { AppError } from '@ticketing/trpc/errors';
import { createInventoryClient } from '@ticketing/trpc/inventory/client';
import type { HoldInput, InventoryContract } from '@ticketing/trpc/inventory/contract';

import { guardClient,type GuardedClient } from '../remote/guarded-client';
import { createAvailabilityCache, type TicketTypeRef } from './availability-cache';

export type { TicketTypeRef };

export interface TicketTypeInventory {
  sessionId: string;
  ticketTypeId: string;
  /** The new total quantity of the ticket type. */
  quantity: number;
}

/**
 * What the catalog needs from inventory. A ticket type's seats are inventory's business (available
 * / held / committed); the web owns the catalog row only.
 */
export interface CatalogInventory {
  /**
   * Creates the inventory item of a new ticket type, or resizes an existing one. Called inside the
   * catalog write's transaction, so a refusal rolls the catalog change back. Throws
   * `AppError('quantity_below_reserved')` (409) when the new quantity is below held + committed,
   * and `inventory_unavailable` (503) when inventory cannot be reached.
   */
  syncTicketTypeInventory(item: TicketTypeInventory): Promise<void>;
  /**
   * Seats still available per ticket type id, live within ~1 s; never throws (see
   * availability-cache.ts for the fallback). A ticket type inventory does not know yet counts as
   * its full quantity.
   */
  getAvailability(ticketTypes: readonly TicketTypeRef[]): Promise<Map<string, number>>;
}

/** The catalog's needs plus the purchase flow's: reserving seats for a hold. */
export interface InventoryGateway extends CatalogInventory {
  /**
   * Reserves seats for a hold, idempotent by hold id. `insufficient_inventory` (409) carries
   * `available`; `inventory_unavailable` (503) is a `ServiceUnavailableError`.
   */
  holdSeats(input: HoldInput): Promise<void>;
  /**
   * Removes the inventory item of a deleted ticket type (idempotent: an absent item is fine).
   * `item_in_use` (409) while seats are held or sold; `inventory_unavailable` (503).
   */
  retireTicketTypeInventory(item: { sessionId: string; ticketTypeId: string }): Promise<void>;
  /** The guarded typed client, for the worker's reconciliation and the admin pages. */
  client: GuardedClient<InventoryContract>;
}

export interface InventoryGatewayOptions {
  /** Base URL of the inventory service (tRPC under `/trpc`). */
  inventoryUrl: string;
  timeoutMs?: number;
  resetTimeoutMs?: number;
  /** How long availability counts are reused; 0 asks inventory on every read (tests). */
  availabilityFreshForMs?: number;
  logger?: Logger;
}

export function createInventoryGateway(options: InventoryGatewayOptions): InventoryGateway {
  const client = guardClient<InventoryContract>(
    (headers) => createInventoryClient({ url: options.inventoryUrl, headers }),
    {
      service: 'inventory',
      unavailableCode: 'inventory_unavailable',
      timeoutMs: options.timeoutMs ?? 1_500,
      resetTimeoutMs: options.resetTimeoutMs,
      logger: options.logger,
    },
  );
  const availability = createAvailabilityCache(
    async (sessionIds) => (await client.listItems({ session_ids: sessionIds })).results,
    { freshForMs: options.availabilityFreshForMs ?? 1_000, logger: options.logger },
  );

  return {
    client,
    async syncTicketTypeInventory({ sessionId, ticketTypeId, quantity }) {
      try {
        await client.upsertItem({
          session_id: sessionId,
          ticket_type_id: ticketTypeId,
          total_quantity: quantity,
        });
      } finally {
        availability.invalidate(sessionId);
      }
    },
    getAvailability: (ticketTypes) => availability.read(ticketTypes),
    async retireTicketTypeInventory({ sessionId, ticketTypeId }) {
      try {
        await client.retire({ session_id: sessionId, ticket_type_id: ticketTypeId });
      } finally {
        availability.invalidate(sessionId);
      }
    },
    async holdSeats(input) {
      try {
        await client.hold(input);
      } catch (error) {
        if (error instanceof AppError && error.code === 'insufficient_inventory') {
          const available = error.details?.available_quantity;
          throw new AppError('insufficient_inventory', error.message, {
            available: typeof available === 'number' ? available : 0,
          });
        }
        throw error;
      }
    },
  };
}
