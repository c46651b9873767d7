import { writeSection } from '@ticketing/bench/report-section';

import { runPagesBench } from './pages-bench';
import { pagesReport } from './pages-report';

/**
 * `npm run bench:pages`: the storefront's home and event pages on the production build, whole
 * platform running, against a bare node:http server answering the same bytes. Flags: --seconds=N
 * (10), --connections=N (50), --warmup=N (3). Needs `npm run build -w @ticketing/web`. Writes its
 * section of docs/benchmarks.md.
 */
const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key = '', value = ''] = arg.replace(/^--/, '').split('=');
    return [key, value];
  }),
);
const seconds = Number(args.get('seconds') ?? 10);
const connections = Number(args.get('connections') ?? 50);
const warmupSeconds = Number(args.get('warmup') ?? 3);

const result = await runPagesBench({ seconds, connections, warmupSeconds, events: 8 });
const markdown = pagesReport(result);
console.log(markdown);
await writeSection('web-pages', markdown);
const wrong = result.runs.some((run) => run.non2xx + run.mismatches + run.errors > 0);
process.exitCode = wrong ? 1 : 0;
