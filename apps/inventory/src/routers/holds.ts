import { AppError } from '@ticketing/trpc/errors';
import type { InventoryContract } from '@ticketing/trpc/inventory/contract';

import { commitHold } from '../inventory/commit-hold';
import type { HoldOutcome } from '../inventory/place-holds';
import { releaseHold } from '../inventory/release-hold';
import type { Handlers } from '../trpc';

// REST error bodies of these routes carry `success: false`, as the seed's did.
const refused = (code: ConstructorParameters<typeof AppError>[0], message: string, extra = {}) =>
  new AppError(code, message, { success: false, ...extra });

function answerHold(holdId: string, result: HoldOutcome) {
  switch (result.outcome) {
    case 'held':
    case 'committed':
      return {
        success: true as const,
        available_quantity: result.availableQuantity,
        status: result.outcome,
      };
    case 'insufficient':
      return refused(
        'insufficient_inventory',
        `Only ${result.availableQuantity} seats are available`,
        { available_quantity: result.availableQuantity },
      );
    case 'released':
      return refused('hold_released', `Hold ${holdId} was released`, { status: 'released' });
    case 'conflict':
      return refused('hold_id_conflict', `Hold ${holdId} exists with other parameters`);
    case 'item_not_found':
      return refused('not_found', 'No inventory for this ticket type');
  }
}

/** hold, release, commit; the contract's ids arrive lower-cased. */
export const holdHandlers = {
  hold: async ({ ctx, input }) => {
    const result = await ctx.holds.hold({
      holdId: input.hold_id,
      sessionId: input.session_id,
      ticketTypeId: input.ticket_type_id,
      quantity: input.quantity,
      expiresAt: new Date(input.expires_at),
    });
    ctx.onHoldOutcome?.(result.outcome);
    const answer = answerHold(input.hold_id, result);
    if (answer instanceof AppError) throw answer;
    return answer;
  },

  release: async ({ ctx, input }) => {
    const result = await ctx.db.transaction((tx) => releaseHold(tx, input.hold_id));
    const status = result.outcome === 'committed' ? 'committed' : 'released';
    return { success: true as const, status };
  },

  commit: async ({ ctx, input }) => {
    const holdId = input.hold_id;
    const result = await ctx.db.transaction((tx) => commitHold(tx, holdId));
    if (result.outcome === 'not_found') throw refused('not_found', `Hold ${holdId} not found`);
    if (result.outcome === 'hold_released') {
      throw refused('hold_released', `Hold ${holdId} was released and its seats are gone`, {
        status: 'released',
      });
    }
    return { success: true as const, status: 'committed' as const };
  },
} satisfies Pick<Handlers<InventoryContract>, 'hold' | 'release' | 'commit'>;
