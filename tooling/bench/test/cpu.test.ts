import { describe, expect, it } from 'vitest';

import { processCpuMs } from '../src/cpu';

describe('processCpuMs', () => {
  it('grows while this process works, and is NaN for no process', () => {
    const before = processCpuMs(process.pid);
    const until = Date.now() + 60;
    while (Date.now() < until) Math.sqrt(Math.random());
    expect(processCpuMs(process.pid)).toBeGreaterThan(before);
    expect(processCpuMs(undefined)).toBeNaN();
    expect(processCpuMs(2 ** 30)).toBeNaN();
  });
});
