import { describe, expect, it } from 'vitest';

import { runScaleOut } from '../src/scale-out';

// A few seconds of `npm run scale-out`: two of every process behind HAProxy.
describe('scale-out (short)', () => {
  it('with two instances of everything the invariants hold and every instance did its work', async () => {
    const result = await runScaleOut({
      instances: 2,
      seconds: 4,
      clients: 8,
      seats: 100_000,
      confirmRatio: 0.9,
      holdTtlSeconds: 10,
      minCompensations: 4,
      maxCompensations: 40,
      suite: 'scale-out-test',
    });
    expect(result.answers.requests).toBeGreaterThan(0);
    expect(result.answers.ok).toBe(result.answers.requests);
    // 7 processes × 2 instances, 10 kinds of work per pair.
    expect(new Set(result.work.map((entry) => entry.instance)).size).toBe(14);
    expect(result.idle).toEqual([]);
    expect(result.balancer.map((server) => server.server).sort()).toEqual([
      'inventory',
      'inventory-2',
      'orders',
      'orders-2',
      'web',
      'web-2',
    ]);
    for (const server of result.balancer) expect(server.requests).toBeGreaterThan(0);
    expect(Object.values(result.consumers)).toEqual([2, 2, 2]);
    expect(result.compensations.compensated).toBe(result.compensations.rounds);
    expect(result.settle).toMatchObject({ settled: true, violations: [] });
    expect(result.seatsBack.back).toBe(true);
    expect(result.item.committed).toBe(result.confirmedOrders);
  }, 240_000);
});
