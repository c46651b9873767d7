import { describe, expect, it } from 'vitest';

import { runChaos } from '../src/chaos';
import { failures } from '../src/fault-windows';

// A few seconds of `npm run chaos` with one kill, so the command cannot silently break.
describe('chaos (smoke)', () => {
  it('kill -9 of inventory under load: holds fail while it is down, recover, and everything settles', async () => {
    const result = await runChaos({
      durationS: 5,
      rounds: 1,
      faults: [{ target: 'inventory', round: 1 }],
      clients: 8,
      downS: 1,
      brokerDownS: 1,
      warmupS: 1.5,
      tailS: 1.5,
      holdTtlSeconds: 8,
      seats: 100_000,
      confirmRatio: 0.8,
      suite: 'chaos-smoke',
    });
    expect(result.problems).toEqual([]);
    const [fault] = result.faults;
    expect(result.faults).toHaveLength(1);
    expect(fault?.target).toBe('inventory');
    // The kill landed on live traffic, and holds succeeded again after it.
    expect(fault?.answers.unavailable).toBeGreaterThan(0);
    expect(fault?.firstSuccessAt).toBeGreaterThan(fault?.restartedAt ?? Infinity);
    // Outside the fault the platform answered every request with its success.
    expect(result.outside.requests).toBeGreaterThan(0);
    expect(failures(result.outside)).toBe(0);
    expect(result.settle).toMatchObject({
      settled: true,
      backlog: { total: 0 },
      queued: 0,
      violations: [],
    });
    expect(Object.values(result.settle.deadLettered)).toEqual([0, 0, 0]);
    expect(result.seatsBack.back).toBe(true);
    expect(result.item.held).toBe(0);
    expect(result.item.committed).toBe(result.confirmedOrders);
    expect(result.confirmedOrders).toBeGreaterThan(0);
  }, 180_000);
});
