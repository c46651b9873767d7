import { z } from 'zod';

import type { Contract, RestRoute } from '../contract';
import { uuidParam } from '../schemas/ids';
import { MAX_ITEM_TOTAL_QUANTITY, MAX_SERVICE_HOLD_QUANTITY } from '../schemas/money';

/**
 * The inventory service's procedures (docs/architecture.md §5). Field names are the public contract's snake_case, so
 * the REST routes and the tRPC procedures share one shape. Ids are UUIDs in any case, lower-cased.
 */

/** The largest hold one call may reserve; a storefront hold is a handful of seats. */
export const MAX_HOLD_QUANTITY = MAX_SERVICE_HOLD_QUANTITY;
/** The largest total of one ticket type; far below PostgreSQL's integer limit. */
export const MAX_TOTAL_QUANTITY = MAX_ITEM_TOTAL_QUANTITY;

const itemKey = {
  session_id: uuidParam,
  ticket_type_id: uuidParam,
};

export const holdInput = z.object({
  hold_id: uuidParam,
  ...itemKey,
  quantity: z.number().int().min(1).max(MAX_HOLD_QUANTITY),
  expires_at: z.iso.datetime({ offset: true }),
});

/** Status of a hold as the caller sees it (a tombstone reads as released). */
export const holdStatus = z.enum(['held', 'committed', 'released']);

export const holdOutput = z.object({
  success: z.literal(true),
  /** Seats still available on the item right after this hold (or now, for a replay). */
  available_quantity: z.number().int(),
  /** `committed` when the id was already committed: the seats are the caller's. */
  status: holdStatus.exclude(['released']),
});

export const holdIdInput = z.object({ hold_id: uuidParam });

export const releaseOutput = z.object({
  success: z.literal(true),
  /** `released`, or `committed` when the seats were already sold and stay sold. */
  status: holdStatus.exclude(['held']),
});

export const commitOutput = z.object({
  success: z.literal(true),
  status: z.literal('committed'),
});

export const itemKeyInput = z.object(itemKey);

export const itemOutput = z.object({
  ...itemKey,
  total_quantity: z.number().int(),
  available_quantity: z.number().int(),
  held_quantity: z.number().int(),
  committed_quantity: z.number().int(),
});

export const upsertItemInput = z.object({
  ...itemKey,
  total_quantity: z.number().int().min(0).max(MAX_TOTAL_QUANTITY),
});

export const listItemsInput = z.object({
  session_ids: z.array(uuidParam).min(1).max(100),
});

export const listItemsOutput = z.object({ results: z.array(itemOutput) });

/** Items of some sessions or of some ticket types (the admin's inventory page). */
export const itemsInput = z
  .object({
    session_ids: z.array(uuidParam).min(1).max(500).optional(),
    ticket_type_ids: z.array(uuidParam).min(1).max(500).optional(),
  })
  .refine((value) => value.session_ids !== undefined || value.ticket_type_ids !== undefined, {
    message: 'give session_ids or ticket_type_ids',
  });
export type ItemsInput = z.input<typeof itemsInput>;

export const retireItemOutput = z.object({
  success: z.literal(true),
  /** `retired` when this call removed the item; `absent` when there was none (again: same). */
  status: z.enum(['retired', 'absent']),
});

export const outboxBacklogOutput = z.object({
  unpublished: z.number().int(),
  /** Age of the oldest unpublished row; null when there is none. */
  oldest_age_seconds: z.number().nullable(),
});

const route = (method: RestRoute['method'], path: RestRoute['path']): RestRoute => ({
  method,
  path,
  tags: ['inventory'],
});
const itemPath = '/inventory/items/{session_id}/{ticket_type_id}';

export const inventoryContract = {
  /** Reserve seats for a hold id (idempotent). 409 insufficient_inventory / hold_id_conflict / hold_released, 404. */
  hold: {
    kind: 'mutation',
    input: holdInput,
    output: holdOutput,
    rest: route('POST', '/inventory/hold'),
  },
  /** held → released, seats back; an unknown id leaves a tombstone. Idempotent. */
  release: {
    kind: 'mutation',
    input: holdIdInput,
    output: releaseOutput,
    rest: route('POST', '/inventory/release'),
  },
  /** held → committed; a released hold is re-reserved if it can be, else 409 hold_released. 404 for an unknown id. */
  commit: {
    kind: 'mutation',
    input: holdIdInput,
    output: commitOutput,
    rest: route('POST', '/inventory/commit'),
  },
  /** Counters of one item. 404 when the ticket type has no item. */
  getItem: { kind: 'query', input: itemKeyInput, output: itemOutput, rest: route('GET', itemPath) },
  /** Every item of the given sessions, for availability lists (one call instead of one per ticket type). */
  listItems: { kind: 'query', input: listItemsInput, output: listItemsOutput },
  /** Create the item of a ticket type or change its total; 409 quantity_below_reserved below held + committed. */
  upsertItem: {
    kind: 'mutation',
    input: upsertItemInput,
    output: itemOutput,
    rest: route('PUT', itemPath),
  },
  /** Counters of the items of the given sessions and/or ticket types (either list matches). */
  items: { kind: 'query', input: itemsInput, output: listItemsOutput },
  /** Remove the item of a deleted ticket type; 409 item_in_use while seats are held or sold. Idempotent. */
  retire: { kind: 'mutation', input: itemKeyInput, output: retireItemOutput },
  /** Unpublished rows of the inventory outbox. */
  outboxBacklog: { kind: 'query', input: z.void(), output: outboxBacklogOutput },
} as const satisfies Contract;

export type InventoryContract = typeof inventoryContract;
export type HoldInput = z.input<typeof holdInput>;
export type ItemOutput = z.output<typeof itemOutput>;
