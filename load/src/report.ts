import { type RunStats, steps } from './buyer';
import type { LoadOptions } from './env';

const ms = (value: number) => value.toFixed(1);

/** The run as a plain-text report: throughput and latency per step, answers, invariants. */
export function formatReport(
  options: LoadOptions,
  stats: RunStats,
  elapsedS: number,
  checks: string[],
) {
  const lines = [
    `load: ${options.LOAD_CLIENTS} buyers, ${options.LOAD_SEATS} seats, ${elapsedS.toFixed(1)} s` +
      `, confirm ratio ${options.LOAD_CONFIRM_RATIO}, kill ${options.LOAD_KILL}`,
    '',
    'step      requests    req/s     p50 ms    p95 ms    p99 ms',
  ];
  for (const step of steps) {
    const latency = stats.latency[step];
    lines.push(
      [
        step.padEnd(9),
        String(latency.count).padStart(8),
        (latency.count / elapsedS).toFixed(1).padStart(8),
        ms(latency.percentile(50)).padStart(10),
        ms(latency.percentile(95)).padStart(9),
        ms(latency.percentile(99)).padStart(9),
      ].join(' '),
    );
  }
  lines.push('', 'answers (step status: count)');
  for (const [key, count] of stats.outcomes.entries()) lines.push(`  ${key}: ${count}`);
  lines.push('', `errors (5xx or no answer): ${stats.outcomes.errors()}`);
  lines.push(`confirmed orders: ${stats.confirmedOrders.size}`);
  lines.push('', 'invariants:');
  for (const check of checks) lines.push(`  ${check}`);
  return lines.join('\n');
}
