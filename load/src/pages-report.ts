import { machineLine } from '@ticketing/bench/report-section';

import { API, EVENT, HOME, type PagesBenchResult } from './pages-bench';

/** The docs/benchmarks.md section of one run. */
export function pagesReport(r: PagesBenchResult): string {
  const rows = r.runs.map(
    (run) =>
      `| ${run.name} | \`${run.path}\` | ${run.requestsPerSecond.toFixed(0)} | ${run.p50} | ${run.p99} | ` +
      `${run.cpuMicrosPerRequest.toFixed(0)} | ${(run.bytes / 1024).toFixed(1)} | ` +
      `${run.non2xx} / ${run.mismatches} / ${run.errors} |`,
  );
  const ratios = Object.entries(r.ratios)
    .map(([name, ratio]) => `${name} **${ratio.toFixed(2)}**`)
    .join(', ');
  const cpuRatios = Object.entries(r.cpuRatios)
    .map(([name, ratio]) => `${name} ${ratio.toFixed(1)}×`)
    .join(', ');
  const pages = r.runs.filter((run) => run.name === HOME || run.name === EVENT);
  const met =
    pages.length === 2 &&
    pages.every(
      (run) => run.requestsPerSecond >= 1_000 && run.non2xx + run.mismatches + run.errors === 0,
    );
  const api = r.runs.find((run) => run.name === API);
  const apiRatio = r.ratios[API] ?? Number.NaN;
  const apiMet =
    api !== undefined && apiRatio >= 0.3 && api.non2xx + api.mismatches + api.errors === 0;
  const [first, second] = r.cacheHeaders;
  const cached = first === 'miss' && second === 'hit';
  return [
    '## Storefront pages and the event list served from cache (`npm run bench:pages`)',
    '',
    `Command: \`npm run bench:pages -- --seconds=${r.seconds} --connections=${r.connections}\` ` +
      '(needs `npm run build -w @ticketing/web`). The whole platform of docs/architecture.md §1 on the ' +
      'production build (`NODE_ENV=production`, pages on, as `npm start` runs it), ' +
      `a catalog of ${r.events} events ` +
      'created through the admin API; autocannon with ' +
      `${r.connections} keep-alive clients for ${r.seconds} s per row after a warm-up, no compression ` +
      "asked for; every answer's body is read and must contain the event's name. The ceiling is a bare " +
      '`node:http` server in a process of its own answering the very bytes the web served for that ' +
      'path, in the same run; for `GET /api/events` the bare server reads those bytes from Redis on ' +
      'every request, as a cached answer kept there must at least. "CPU µs/request" is the serving process\'s own CPU time (from /proc) ' +
      'per answer, which other load on the machine hardly changes, unlike req/s.',
    '',
    machineLine(),
    '',
    '| measurement | path | req/s | p50 ms | p99 ms | CPU µs/request | KiB | non-200 / no name / errors |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Ratio of the page to the bare server serving its bytes, req/s: ${ratios}; CPU per request: ` +
      `${cpuRatios} the bare server's. Target (issue 11: home and event page ≥ 1,000 req/s at 50 ` +
      `clients, every answer correct): **${met ? 'met' : 'not met'}**. Target (issue 11: cached ` +
      '`GET /api/events` ≥ 0.3× the bare server serving its bytes from Redis): ' +
      `**${apiMet ? 'met' : 'not met'}**.`,
    '',
    cached
      ? 'Pages came from the page cache in front of Next (`apps/web/src/server/http/page-cache.ts`): ' +
        'the first request of the run on `/` was rendered (`x-page-cache: miss`), the second served ' +
        'from that render (`hit`).'
      : `The page cache in front of Next was not in this run (\`x-page-cache\` of the first two ` +
        `requests on \`/\`: ${r.cacheHeaders.map((value) => `\`${value ?? 'none'}\``).join(', ')}): ` +
        'Next rendered every page request.',
  ].join('\n');
}
