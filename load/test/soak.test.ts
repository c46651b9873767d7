import { processNames } from '@ticketing/e2e/platform';
import { describe, expect, it } from 'vitest';

import { runSoak } from '../src/soak';
import { soakReport } from '../src/soak-report';

// A few seconds of the real soak with small numbers, so `npm run soak` cannot rot.
describe('soak (smoke)', () => {
  it('samples the RSS of every process under load, settles, and reports it', async () => {
    const result = await runSoak({ seconds: 3, warmupSeconds: 2, clients: 3, sampleEverySeconds: 1 });

    expect(result.processes.map((memory) => memory.name)).toEqual([...processNames]);
    for (const memory of result.processes) {
      // A node process with the platform loaded holds tens of MiB; NaN would mean no sample.
      expect(memory.startKiB, memory.name).toBeGreaterThan(10_000);
      expect(memory.endKiB, memory.name).toBeGreaterThan(10_000);
      expect(memory.maxKiB, memory.name).toBeGreaterThanOrEqual(memory.endKiB);
    }
    expect(result.samples).toBeGreaterThanOrEqual(3);
    expect(result.holds).toBeGreaterThan(0);
    expect(result.confirmed).toBeGreaterThan(0);
    expect(result.errors).toBe(0);
    expect(result.settled, result.settleError).toBe(true);

    const markdown = soakReport(result);
    expect(markdown).toContain('npm run soak');
    expect(markdown).toMatch(/Machine: \d+ cores/);
    for (const name of processNames) expect(markdown).toContain(`| ${name} |`);
    expect(markdown).toMatch(/Target \(issue 11: RSS flat.*\*\*(met|not met)\*\*/);
  }, 180_000);
});
