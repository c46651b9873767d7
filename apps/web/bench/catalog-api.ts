/**
 * `npm run bench -w @ticketing/web`: throughput of the public catalog API on the production
 * custom server (Next attached, as `npm start` runs it), next to the same-run ceiling of a bare
 * node:http server answering fixed JSON and to a server-rendered page. Each server runs in its
 * own process; the load generator (autocannon) runs in this one, on the same 2 cores.
 *
 * Uses ticketing_main_test (seeded with the demo catalog) and Redis db 1, never dev data.
 * Writes its section of docs/benchmarks.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

import { createDatabase } from '@ticketing/db/client';
import { prepareTestDatabase } from '@ticketing/db/testing';
import autocannon from 'autocannon';

import { demoEvents } from '../src/seed/demo-catalog';
import { seedCatalog } from '../src/seed/seed-catalog';
import { createInventoryGateway } from '../src/server/inventory/inventory-gateway';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const benchmarksFile = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WEB_PORT = 3197;
const BARE_PORT = 3198;

const BARE_SERVER = `
  const body = JSON.stringify({ results: [], next_cursor: null });
  require('node:http').createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(body);
  }).listen(${BARE_PORT});
`;

function start(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(command, args, { cwd: appDir, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitFor(url: string) {
  for (let attempt = 0; attempt < 120; attempt++) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not come up`);
}

interface Row {
  name: string;
  url: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(name: string, url: string): Promise<Row> {
  await autocannon({ url, connections: CONNECTIONS, duration: 2 }); // warm-up (JIT, cache, Next)
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  const row = {
    name,
    url: new URL(url).pathname + new URL(url).search,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
  console.log(
    `${name}: ${row.rps} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, errors ${row.errors}`,
  );
  return row;
}

async function main() {
  if (!existsSync(`${appDir}/.next/BUILD_ID`)) {
    throw new Error('No production build: run `npm run build -w @ticketing/web` first');
  }
  const databaseUrl = await prepareTestDatabase('main');
  const db = createDatabase({ url: databaseUrl, poolSize: 2, applicationName: 'bench-seed' });
  await seedCatalog(db, createInventoryGateway({ inventoryUrl: '' }), demoEvents);
  await db.$client.end();

  const env = {
    ...process.env,
    NODE_ENV: 'production' as const,
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(WEB_PORT),
    DATABASE_URL_MAIN: databaseUrl,
    REDIS_URL: 'redis://127.0.0.1:6379/1',
    LOG_LEVEL: 'warn',
  };
  const children = [
    start(process.execPath, ['-e', BARE_SERVER], env),
    start(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], env),
  ];
  try {
    const web = `http://127.0.0.1:${WEB_PORT}`;
    await waitFor(`http://127.0.0.1:${BARE_PORT}/`);
    await waitFor(`${web}/readyz`);
    const eventId = demoEvents[0]?.id ?? '';
    const trpcInput = encodeURIComponent(JSON.stringify({ limit: 20 }));
    const rows = [
      await measure('ceiling: bare node:http, fixed JSON', `http://127.0.0.1:${BARE_PORT}/`),
      await measure('REST GET /api/events (cached)', `${web}/api/events`),
      await measure('tRPC events.list (cached)', `${web}/api/trpc/events.list?input=${trpcInput}`),
      await measure(
        'REST GET /api/events/{id}/sessions (cached + availability)',
        `${web}/api/events/${eventId}/sessions`,
      ),
      await measure('server-rendered page / (Next)', `${web}/`),
    ];
    writeSection(rows);
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
}

function writeSection(rows: Row[]) {
  const start = '<!-- web:catalog-api:start -->';
  const end = '<!-- web:catalog-api:end -->';
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = os.loadavg()[0]?.toFixed(1) ?? '?';
  const section = [
    start,
    '## Catalog API: custom server throughput (apps/web)',
    '',
    `Command: \`npm run bench -w @ticketing/web\` (needs \`npm run build -w @ticketing/web\`). Machine: ${os.cpus().length} cores (${cpu}), Node ${process.version}; server, PostgreSQL, Redis and the load generator (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s after a 2 s warm-up) on the same machine. Run ${new Date().toISOString().slice(0, 16)}Z; 1-minute load average at the end: ${load} (other work shared the 2 cores, so absolute numbers are low; compare rows of the same run).`,
    '',
    'The web is the production custom server of `npm start` (Next attached for pages). The ceiling is a bare `node:http` server answering fixed JSON, measured in the same run. docs/architecture.md §1 budget: the API must not pay Next routing (a Next route handler served ~1,000 req/s here).',
    '',
    '| measurement | path | req/s | p50 ms | p99 ms | errors |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.name} | \`${row.url.length > 60 ? `${row.url.slice(0, 57)}...` : row.url}\` | ${row.rps} | ${row.p50} | ${row.p99} | ${row.errors} |`,
    ),
    end,
  ].join('\n');
  const current = existsSync(benchmarksFile)
    ? readFileSync(benchmarksFile, 'utf8')
    : '# Benchmarks\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from !== -1 && to !== -1
      ? `${current.slice(0, from)}${section}${current.slice(to + end.length)}`
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(benchmarksFile, next);
  console.log(`wrote ${benchmarksFile}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
