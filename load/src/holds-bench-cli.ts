import { machineLine, writeSection } from '@ticketing/bench/report-section';

import { type HoldsBenchResult, runHoldsBench } from './holds-bench';

/**
 * `npm run bench:holds`: the public hold path against PostgreSQL's hot-row ceiling, whole
 * platform running. Flags: --seconds=N (20), --connections=N (200), --pgbench-seconds=N (8).
 * Writes its section of docs/benchmarks.md.
 */
const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key = '', value = ''] = arg.replace(/^--/, '').split('=');
    return [key, value];
  }),
);
const seconds = Number(args.get('seconds') ?? 20);
const connections = Number(args.get('connections') ?? 200);
const pgbenchSeconds = Number(args.get('pgbench-seconds') ?? 8);
const server = args.get('postgres') ?? 'postgres://postgres@127.0.0.1:5432';

const result = await runHoldsBench({
  seconds,
  connections,
  seats: 1_000_000,
  pgbenchSeconds,
  pgbenchUrl: `${server}/ticketing_pgbench_bench`,
  env: args.has('profile')
    ? { web: { NODE_CPU_PROF_DIR: args.get('profile') ?? '' } }
    : undefined,
});
if (args.has('profile')) {
  console.log('CPU profile written; this run is not recorded in docs/benchmarks.md.');
  process.exit(result.settled ? 0 : 1);
}
const markdown = report(result);
console.log(markdown);
await writeSection('web-holds', markdown);
process.exitCode = result.settled && result.errors === 0 ? 0 : 1;

function report(r: HoldsBenchResult): string {
  const ms = (value: number) => `${Math.round(value)} ms`;
  const cpu = Object.entries(r.cpuPerHoldMs)
    .sort(([, a], [, b]) => b - a)
    .map(([name, value]) => `| ${name} | ${value.toFixed(3)} |`);
  return [
    '## Public hold path (`npm run bench:holds`)',
    '',
    `Command: \`npm run bench:holds -- --seconds=${r.seconds} --connections=${r.connections}\`. ` +
      'The whole platform of docs/architecture.md §1 (six processes, relays and consumers applying every ' +
      '`hold.created`), `POST /api/holds` of 1 seat on one ticket type of 1,000,000 seats from ' +
      `${r.connections} keep-alive clients; the ceiling is pgbench running the bare conditional ` +
      'decrement of one hot row at 2, 8 and 32 clients, in the same run.',
    '',
    machineLine(),
    '',
    '| figure | value |',
    '|---|---|',
    `| holds placed per second | ${r.holdsPerSecond.toFixed(0)} |`,
    `| pgbench hot row (2 / 8 / 32 clients) | ${r.pgbench.map((run) => run.tps.toFixed(0)).join(' / ')} tps |`,
    `| ratio to pgbench's best | ${r.ratio.toFixed(2)} |`,
    `| latency p50 / p95 / p99 | ${ms(r.p50)} / ${ms(r.p95)} / ${ms(r.p99)} |`,
    `| answers other than 201 / without an answer | ${r.refused} / ${r.errors} |`,
    `| CPU per hold, every process summed | ${r.cpuPerHoldTotalMs.toFixed(2)} ms |`,
    `| outboxes drained, queues empty, I1–I3 intact afterwards | ${r.settled ? 'yes' : 'NO'} |`,
    '',
    'CPU per hold by process (ms, from /proc):',
    '',
    '| process | CPU ms per hold |',
    '|---|---|',
    ...cpu,
  ].join('\n');
}
