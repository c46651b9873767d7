import { describe, expect, it } from 'vitest';

import { createMicroBatcher } from '../src/micro-batcher';

describe('createMicroBatcher', () => {
  it('puts calls made in one turn into one batch and answers each in order', async () => {
    const batches: number[][] = [];
    const double = createMicroBatcher(
      async (items: number[]) => {
        batches.push(items);
        return items.map((item) => item * 2);
      },
      { maxBatch: 100, inFlight: 1 },
    );
    const answers = await Promise.all([1, 2, 3, 4].map(double));
    expect(answers).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('keeps at most inFlight batches running and sends what waited meanwhile together', async () => {
    const batches: number[][] = [];
    let running = 0;
    let most = 0;
    const slow = createMicroBatcher(
      async (items: number[]) => {
        running += 1;
        most = Math.max(most, running);
        batches.push(items);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
        return items;
      },
      { maxBatch: 3, inFlight: 1 },
    );
    const first = slow(0);
    await new Promise((resolve) => setImmediate(resolve));
    // These arrive while the first batch runs: the next batches take them, 3 at a time.
    const rest = [1, 2, 3, 4, 5].map(slow);
    await Promise.all([first, ...rest]);
    expect(most).toBe(1);
    expect(batches).toEqual([[0], [1, 2, 3], [4, 5]]);
  });

  it('rejects an item answered with an Error and resolves the others', async () => {
    const check = createMicroBatcher(
      async (items: number[]) => items.map((item) => (item < 0 ? new Error(`bad ${item}`) : item)),
      { maxBatch: 10, inFlight: 1 },
    );
    const results = await Promise.allSettled([1, -2, 3].map(check));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('splits a batch that throws, so one bad item fails alone', async () => {
    const calls: number[][] = [];
    const strict = createMicroBatcher(
      async (items: number[]) => {
        calls.push(items);
        if (items.includes(13)) throw new Error('unlucky batch');
        return items;
      },
      { maxBatch: 10, inFlight: 1 },
    );
    const results = await Promise.allSettled([12, 13, 14].map(strict));
    expect(results).toEqual([
      { status: 'fulfilled', value: 12 },
      { status: 'rejected', reason: new Error('unlucky batch') },
      { status: 'fulfilled', value: 14 },
    ]);
    expect(calls[0]).toEqual([12, 13, 14]);
    expect(calls.slice(1)).toEqual(expect.arrayContaining([[12], [13], [14]]));
  });
});
