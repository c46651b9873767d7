import { describe, expect, it } from 'vitest';

import { runHoldsBench } from '../src/holds-bench';

// A few seconds of the real benchmark with small numbers, so `npm run bench:holds` cannot rot.
describe('holds benchmark (smoke)', () => {
  it('places holds on the whole platform, measures the ceiling and the CPU, and settles', async () => {
    const result = await runHoldsBench({
      seconds: 2,
      connections: 10,
      seats: 100_000,
      pgbenchSeconds: 1,
      pgbenchUrl: 'postgres://postgres@127.0.0.1:5432/ticketing_pgbench_test',
    });
    expect(result.placed).toBeGreaterThan(0);
    expect(result.errors).toBe(0);
    expect(result.refused).toBe(0);
    expect(result.pgbench.map((run) => run.clients)).toEqual([2, 8, 32]);
    expect(result.pgbenchBest).toBeGreaterThan(0);
    expect(result.cpuPerHoldMs.web).toBeGreaterThan(0);
    expect(result.cpuPerHoldMs.PostgreSQL).toBeGreaterThan(0);
    expect(result.settled).toBe(true);
  }, 180_000);
});
