import { describe, expect, it } from 'vitest';

import { LatencyRecorder, OutcomeCounter } from '../src/latency';

describe('LatencyRecorder', () => {
  it('reports nearest-rank percentiles', () => {
    const recorder = new LatencyRecorder();
    for (let ms = 1; ms <= 100; ms += 1) recorder.record(ms);
    expect(recorder.percentile(50)).toBe(50);
    expect(recorder.percentile(99)).toBe(99);
    expect(recorder.percentile(100)).toBe(100);
    expect(new LatencyRecorder().percentile(99)).toBe(0);
  });
});

describe('OutcomeCounter', () => {
  it('counts 5xx and missing answers as errors, refusals not', () => {
    const outcomes = new OutcomeCounter();
    outcomes.add('hold', 201);
    outcomes.add('hold', 409);
    outcomes.add('hold', 503);
    outcomes.add('confirm', 'network');
    expect(outcomes.errors()).toBe(2);
    expect(outcomes.entries()).toContainEqual(['hold 409', 1]);
  });
});
