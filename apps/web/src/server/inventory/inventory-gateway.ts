/**
 * The one place where the web talks to the inventory service about the catalog. A ticket type's
 * quantity is inventory's business: inventory owns the seats (available / held / committed), the
 * web only owns the catalog row. Until the inventory issue wires these calls to its typed client
 * (`INVENTORY_URL`), they are local stand-ins with the same contract.
 */

export interface TicketTypeInventory {
  sessionId: string;
  ticketTypeId: string;
  /** The new total quantity of the ticket type. */
  quantity: number;
}

export interface TicketTypeRef {
  id: string;
  quantity: number;
}

export interface InventoryGateway {
  /**
   * Creates the inventory item of a new ticket type, or resizes an existing one. Called inside the
   * catalog write's transaction, so a refusal rolls the catalog change back. Must throw
   * `AppError('quantity_below_reserved')` (409) when the new quantity is below held + committed,
   * and `AppError('inventory_unavailable')` (503) when inventory cannot be reached.
   */
  syncTicketTypeInventory(item: TicketTypeInventory): Promise<void>;
  /**
   * Seats still available per ticket type id, read live (never cached with the catalog).
   * A ticket type inventory does not know yet counts as its full quantity.
   */
  getAvailability(ticketTypes: readonly TicketTypeRef[]): Promise<Map<string, number>>;
}

export interface InventoryGatewayOptions {
  /** Base URL of the inventory service; unused until the inventory issue wires the calls. */
  inventoryUrl: string;
}

export function createInventoryGateway(_options: InventoryGatewayOptions): InventoryGateway {
  return {
    // No-op for now: the inventory issue replaces this with `inventory.upsertItem` over tRPC.
    async syncTicketTypeInventory() {},
    // Stand-in: nothing is held or sold yet, so everything is available.
    async getAvailability(ticketTypes) {
      return new Map(ticketTypes.map((type) => [type.id, type.quantity]));
    },
  };
}
