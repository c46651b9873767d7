import { writeSection } from '@ticketing/bench/report-section';

import { runSoak } from './soak';
import { soakReport } from './soak-report';

/**
 * `npm run soak`: RSS of every process over a steady load. Flags: --seconds=N (600),
 * --warmup=N (60), --clients=N (20), --sample=N (30). Writes its section of docs/benchmarks.md.
 */
const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key = '', value = ''] = arg.replace(/^--/, '').split('=');
    return [key, value];
  }),
);
const result = await runSoak({
  seconds: Number(args.get('seconds') ?? 600),
  warmupSeconds: Number(args.get('warmup') ?? 60),
  clients: Number(args.get('clients') ?? 20),
  sampleEverySeconds: Number(args.get('sample') ?? 30),
});
const markdown = soakReport(result);
console.log(markdown);
await writeSection('load-soak', markdown);
process.exitCode = result.settled && result.errors === 0 ? 0 : 1;
