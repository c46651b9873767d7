/** Latencies of one kind of request, in milliseconds. */
export class LatencyRecorder {
  private readonly samples: number[] = [];

  record(ms: number): void {
    this.samples.push(ms);
  }

  get count(): number {
    return this.samples.length;
  }

  /** Nearest-rank percentile (p in 0..100); 0 when nothing was recorded. */
  percentile(p: number): number {
    if (this.samples.length === 0) return 0;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
    return sorted[rank - 1] ?? 0;
  }
}

/** Counts of answers per step and HTTP status ("network" when there was no answer). */
export class OutcomeCounter {
  private readonly counts = new Map<string, number>();

  add(step: string, status: number | 'network'): void {
    const key = `${step} ${status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  entries(): [string, number][] {
    return [...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b));
  }

  /** Answers that mean the platform failed: 5xx and no answer at all. */
  errors(): number {
    return this.entries()
      .filter(([key]) => / (5\d\d|network)$/.test(key))
      .reduce((sum, [, count]) => sum + count, 0);
  }
}
