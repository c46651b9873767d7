import { outbox } from '@ticketing/db/inventory/outbox';
import { readOutboxBacklog } from '@ticketing/events/outbox-backlog';
import { AppError } from '@ticketing/trpc/errors';
import type { InventoryContract } from '@ticketing/trpc/inventory/contract';

import {
  findItem,
  type ItemCounters,
  itemsOf,
  listItems,
  retireItem,
  upsertItem,
} from '../inventory/items';
import type { Handlers } from '../trpc';

const toItemOutput = (item: ItemCounters) => ({
  session_id: item.sessionId,
  ticket_type_id: item.ticketTypeId,
  total_quantity: item.totalQuantity,
  available_quantity: item.availableQuantity,
  held_quantity: item.heldQuantity,
  committed_quantity: item.committedQuantity,
});

const keyOf = (input: { session_id: string; ticket_type_id: string }) => ({
  sessionId: input.session_id,
  ticketTypeId: input.ticket_type_id,
});

/** Items and the outbox; the contract's ids arrive lower-cased. */
export const itemHandlers = {
  getItem: async ({ ctx, input }) => {
    const item = await findItem(ctx.db, keyOf(input));
    if (!item) throw new AppError('not_found', 'No inventory for this ticket type');
    return toItemOutput(item);
  },

  listItems: async ({ ctx, input }) => {
    const items = await listItems(ctx.db, input.session_ids);
    return { results: items.map(toItemOutput) };
  },

  upsertItem: async ({ ctx, input }) => {
    const result = await upsertItem(ctx.db, {
      ...keyOf(input),
      totalQuantity: input.total_quantity,
    });
    if (result.outcome === 'below_reserved') {
      const { heldQuantity, committedQuantity } = result.item;
      throw new AppError(
        'quantity_below_reserved',
        `Total ${input.total_quantity} is below the ${heldQuantity + committedQuantity} seats held or sold`,
        { held_quantity: heldQuantity, committed_quantity: committedQuantity },
      );
    }
    return toItemOutput(result.item);
  },

  items: async ({ ctx, input }) => {
    const found = await itemsOf(ctx.db, {
      sessionIds: input.session_ids,
      ticketTypeIds: input.ticket_type_ids,
    });
    return { results: found.map(toItemOutput) };
  },

  retire: async ({ ctx, input }) => {
    const result = await retireItem(ctx.db, keyOf(input));
    if (result.outcome === 'in_use') {
      const { heldQuantity, committedQuantity } = result.item;
      throw new AppError(
        'item_in_use',
        `${heldQuantity} seats are held and ${committedQuantity} sold; the item stays`,
        { held_quantity: heldQuantity, committed_quantity: committedQuantity },
      );
    }
    return { success: true as const, status: result.outcome };
  },

  outboxBacklog: ({ ctx }) => readOutboxBacklog(ctx.db, outbox),
} satisfies Omit<Handlers<InventoryContract>, 'hold' | 'release' | 'commit'>;
