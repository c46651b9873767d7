import { AppError } from '@ticketing/trpc/errors';
import { inventoryContract } from '@ticketing/trpc/inventory/contract';
import { outbox } from '@ticketing/db/inventory/outbox';
import { readOutboxBacklog } from '@ticketing/events/outbox-backlog';
import {
  findItem,
  type ItemCounters,
  itemsOf,
  listItems,
  retireItem,
  upsertItem,
} from '../inventory/items';
import { procedure, router } from '../trpc';

const {
  getItem,
  listItems: list,
  upsertItem: upsert,
  items,
  retire,
  outboxBacklog,
} = inventoryContract;

const itemPath = '/inventory/items/{session_id}/{ticket_type_id}';

const toItemOutput = (item: ItemCounters) => ({
  session_id: item.sessionId,
  ticket_type_id: item.ticketTypeId,
  total_quantity: item.totalQuantity,
  available_quantity: item.availableQuantity,
  held_quantity: item.heldQuantity,
  committed_quantity: item.committedQuantity,
});

const keyOf = (input: { session_id: string; ticket_type_id: string }) => ({
  sessionId: input.session_id.toLowerCase(),
  ticketTypeId: input.ticket_type_id.toLowerCase(),
});

export const itemsRouter = router({
  getItem: procedure
    .meta({ openapi: { method: 'GET', path: itemPath, tags: ['inventory'] } })
    .input(getItem.input)
    .output(getItem.output)
    .query(async ({ ctx, input }) => {
      const item = await findItem(ctx.db, keyOf(input));
      if (!item) throw new AppError('not_found', 'No inventory for this ticket type');
      return toItemOutput(item);
    }),

  listItems: procedure
    .input(list.input)
    .output(list.output)
    .query(async ({ ctx, input }) => {
      const items = await listItems(
        ctx.db,
        input.session_ids.map((id) => id.toLowerCase()),
      );
      return { results: items.map(toItemOutput) };
    }),

  upsertItem: procedure
    .meta({ openapi: { method: 'PUT', path: itemPath, tags: ['inventory'] } })
    .input(upsert.input)
    .output(upsert.output)
    .mutation(async ({ ctx, input }) => {
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
    }),

  items: procedure
    .input(items.input)
    .output(items.output)
    .query(async ({ ctx, input }) => {
      const found = await itemsOf(ctx.db, {
        sessionIds: input.session_ids?.map((id) => id.toLowerCase()),
        ticketTypeIds: input.ticket_type_ids?.map((id) => id.toLowerCase()),
      });
      return { results: found.map(toItemOutput) };
    }),

  retire: procedure
    .input(retire.input)
    .output(retire.output)
    .mutation(async ({ ctx, input }) => {
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
    }),

  outboxBacklog: procedure
    .input(outboxBacklog.input)
    .output(outboxBacklog.output)
    .query(({ ctx }) => readOutboxBacklog(ctx.db, outbox)),
});
