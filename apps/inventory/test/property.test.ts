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
 * rules, one step at a time (each answer must match the model) and in concurrent bursts. A burst
 * may run in any order, so the model plays every order of its commands: some order must give
 * exactly the answers the service gave and leave exactly the state the database has (counters and
 * every hold's status). The model is only ever computed from the commands, never read back from
 * the database. I1 and the counters-equal-rows check run after every step.
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
          const answers = await Promise.all(burst.map(run));
          const stored = await storedHolds(ids);
          const orders = linearizations(model, burst);
          const answering = orders.filter((order) => sameAnswers(order.answers, answers));
          expect(
            answering.length,
            `no order of ${JSON.stringify(burst)} answers ${JSON.stringify(answers)}`,
          ).toBeGreaterThan(0);
          const state = await conservationOf(db, item);
          const matching = answering.find(
            (order) =>
              order.model.total === state.total &&
              order.model.available === state.available &&
              sameHolds(order.model.holds, stored),
          );
          expect(
            matching,
            `no order of ${JSON.stringify(burst)} answering ${JSON.stringify(answers)} leaves ` +
              `${JSON.stringify({ state, holds: [...stored] })}`,
          ).toBeDefined();
          if (matching) model = matching.model;
        }
        const state = await conservationOf(db, item);
        expectConserved(state);
        expect(state).toMatchObject({ total: model.total, available: model.available });
      }
    }),
    { numRuns: 40 },
  );
});

const cloneModel = (model: Model): Model => ({
  total: model.total,
  available: model.available,
  holds: new Map([...model.holds].map(([key, hold]) => [key, { ...hold }])),
});

/** Orders of the indexes 0..n-1 (a burst has at most 6 commands: 720 orders). */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((rest) =>
    Array.from({ length: n }, (_, at) => [...rest.slice(0, at), n - 1, ...rest.slice(at)]),
  );
}

/**
 * What the burst would answer and leave if its commands ran one after another in each possible
 * order; answers are listed in the burst's own order, as Promise.all gives them.
 */
function linearizations(model: Model, burst: Command[]) {
  return permutations(burst.length).map((order) => {
    const next = cloneModel(model);
    const answers: string[] = new Array<string>(burst.length).fill('');
    for (const index of order) {
      const command = burst[index];
      if (command) answers[index] = expected(next, command);
    }
    return { answers, model: next };
  });
}

const sameAnswers = (a: string[], b: string[]) =>
  a.length === b.length && a.every((answer, index) => answer === b[index]);

function sameHolds(model: Map<number, ModelHold>, stored: Map<number, ModelHold>): boolean {
  if (model.size !== stored.size) return false;
  for (const [key, hold] of model) {
    const row = stored.get(key);
    if (!row || row.status !== hold.status || row.quantity !== hold.quantity) return false;
  }
  return true;
}

/** The hold rows of the run's ids, as the model writes them (a tombstone has quantity 0). */
async function storedHolds(ids: string[]): Promise<Map<number, ModelHold>> {
  const { rows } = await db.$client.query<{
    hold_id: string;
    status: Status;
    quantity: number | null;
  }>('select hold_id, status, quantity from inventory_holds where hold_id = any($1::uuid[])', [
    ids,
  ]);
  return new Map(
    rows.map((row) => [
      ids.indexOf(row.hold_id),
      { status: row.status, quantity: row.quantity ?? 0 },
    ]),
  );
}
