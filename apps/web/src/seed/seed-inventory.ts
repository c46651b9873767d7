import type { Logger } from '@ticketing/log/logger';

import type { CatalogInventory } from '../server/inventory/inventory-gateway';
import { ServiceUnavailableError } from '../server/remote/guarded-client';

/**
 * The seed's inventory seam. `npm run dev` seeds before the services start, so inventory is
 * usually down then: the items are created anyway when reachable, and otherwise left to the web
 * worker, whose start-up reconciliation gives every ticket type its item.
 */
export function bestEffortInventory(inventory: CatalogInventory, logger: Logger): CatalogInventory {
  let warned = false;
  return {
    async syncTicketTypeInventory(item) {
      try {
        await inventory.syncTicketTypeInventory(item);
      } catch (error) {
        if (!(error instanceof ServiceUnavailableError)) throw error;
        if (!warned) logger.info('inventory not running; the web worker will create the items');
        warned = true;
      }
    },
    getAvailability: (ticketTypes) => inventory.getAvailability(ticketTypes),
  };
}
