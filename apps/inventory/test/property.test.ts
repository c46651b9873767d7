import { randomUUID } from 'node:crypto';
import type { Database } from '@ticketing/db/client';
import { AppError } from '@ticketing/trpc/errors';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  callerFor,
  conservationOf,
  expectConserved,
  inAnHour,
  newItem,
  openDatabase,
  testDatabase,
} from './support';

/**
 * Random interleavings of hold / release / commit / replays / resizes against a model of the
 * rules, one step at a time (each answer must match the model) and in concurrent bursts (any
 * order may win, so only the invariant is checked, and the model re-reads the database).
 * I1 and the counters-equal-rows check run after every step.
 */

type Status = 'held' | 'committed' | 'released' | 'tombstone';
interface ModelHold {
  status: Status;
  quantity: number;
}
interface Model {
  total: number;
  available: number;
  holds: Map<number, ModelHold>;
}

type Command =
  | { kind: 'hold'; id: number; quantity: number }
  | { kind: 'release'; id: number }
  | { kind: 'commit'; id: number }
  | { kind: 'resize'; total: number };

const ID_COUNT = 6;
const id = fc.integer({ min: 0, max: ID_COUNT - 1 });
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('hold' as const),
      id,
      quantity: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), id }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('commit' as const), id }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('resize' as const),
      total: fc.integer({ min: 0, max: 14 }),
    }),
  },
);
const step = fc.oneof(
  { weight: 3, arbitrary: command.map((c) => [c]) },
  { weight: 1, arbitrary: fc.array(command, { minLength: 2, maxLength: 6 }) },
);

let db: Database;
let caller: ReturnType<typeof callerFor>;

beforeAll(async () => {
  db = openDatabase(await testDatabase(), 6);
  // Small batches, so concurrent bursts also cross transaction boundaries.
  caller = callerFor(db, 2);
});
afterAll(() => db.$client.end());

/** What the model says a command answers, applying it to the model. */
function expected(model: Model, c: Command): string {
  const reserved = () =>
    [...model.holds.values()]
      .filter((h) => h.status === 'held' || h.status === 'committed')
      .reduce((sum, h) => sum + h.quantity, 0);
  if (c.kind === 'resize') {
    if (c.total < reserved()) return 'quantity_below_reserved';
    model.available = c.total - reserved();
    model.total = c.total;
    return 'ok';
  }
  const hold = model.holds.get(c.id);
  if (c.kind === 'hold') {
    if (!hold) {
      if (c.quantity > model.available) return 'insufficient_inventory';
      model.available -= c.quantity;
      model.holds.set(c.id, { status: 'held', quantity: c.quantity });
      return 'ok:held';
    }
    if (hold.status === 'tombstone') return 'hold_released';
    if (hold.quantity !== c.quantity) return 'hold_id_conflict';
    return hold.status === 'released' ? 'hold_released' : `ok:${hold.status}`;
  }
  if (c.kind === 'release') {
    if (!hold) {
      model.holds.set(c.id, { status: 'tombstone', quantity: 0 });
      return 'ok:released';
    }
    if (hold.status === 'held') {
      hold.status = 'released';
      model.available += hold.quantity;
    }
    return hold.status === 'committed' ? 'ok:committed' : 'ok:released';
  }
  if (!hold) return 'not_found';
  if (hold.status === 'held') hold.status = 'committed';
  else if (hold.status === 'released' && hold.quantity <= model.available) {
    hold.status = 'committed';
    model.available -= hold.quantity;
  }
  return hold.status === 'committed' ? 'ok:committed' : 'hold_released';
}

it('keeps I1 and the rules under random interleavings', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 20 }), async (steps) => {
      const item = newItem();
      const ids = Array.from({ length: ID_COUNT }, () => randomUUID());
      const expiresAt = inAnHour();
      await caller.upsertItem({ ...item, total_quantity: 10 });
      let model: Model = { total: 10, available: 10, holds: new Map() };

      const run = async (c: Command): Promise<string> => {
        try {
          switch (c.kind) {
            case 'hold': {
              const held = await caller.hold({
                hold_id: ids[c.id] ?? '',
                ...item,
                quantity: c.quantity,
                expires_at: expiresAt,
              });
              return `ok:${held.status}`;
            }
            case 'release':
              return `ok:${(await caller.release({ hold_id: ids[c.id] ?? '' })).status}`;
            case 'commit':
              return `ok:${(await caller.commit({ hold_id: ids[c.id] ?? '' })).status}`;
            case 'resize':
              await caller.upsertItem({ ...item, total_quantity: c.total });
              return 'ok';
          }
        } catch (error) {
          const cause = (error as { cause?: unknown }).cause;
          if (cause instanceof AppError) return cause.code;
          throw error;
        }
      };

      for (const burst of steps) {
        if (burst.length === 1 && burst[0]) {
          const answer = await run(burst[0]);
          expect(answer, JSON.stringify(burst[0])).toBe(expected(model, burst[0]));
        } else {
          await Promise.all(burst.map(run));
          model = await readModel(item, ids);
        }
        const state = await conservationOf(db, item);
        expectConserved(state);
        expect(state).toMatchObject({ total: model.total, available: model.available });
      }
    }),
    { numRuns: 40 },
  );
});

/** The model as the database has it, after a burst whose order was up to the race. */
async function readModel(
  item: { session_id: string; ticket_type_id: string },
  ids: string[],
): Promise<Model> {
  const { rows } = await db.$client.query<{
    hold_id: string;
    status: Status;
    quantity: number | null;
  }>('select hold_id, status, quantity from inventory_holds where hold_id = any($1::uuid[])', [
    ids,
  ]);
  const { total, available } = await conservationOf(db, item);
  const holds = new Map<number, ModelHold>();
  for (const row of rows) {
    holds.set(ids.indexOf(row.hold_id), { status: row.status, quantity: row.quantity ?? 0 });
  }
  return { total, available, holds };
}
