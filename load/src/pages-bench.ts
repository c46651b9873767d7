import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { processCpuMs } from '@ticketing/bench/cpu';
import { expectStatus, field, request } from '@ticketing/e2e/api';
import { holdFileLock } from '@ticketing/e2e/file-lock';
import { startPlatform } from '@ticketing/e2e/platform';
import autocannon from 'autocannon';

/** The lock every `next build` of apps/web takes: held shared while the build is being served. */
const WEB_BUILD_LOCK = '/tmp/ticketing-web-build.lock';
const buildIdFile = new URL('../../apps/web/.next/BUILD_ID', import.meta.url);

export interface PagesBenchOptions {
  /** Length of each measured run. */
  seconds: number;
  connections: number;
  /** Seconds of load before each measured run (JIT, keep-alive, the cache's first fill). */
  warmupSeconds: number;
  /** Events in the catalog (the home page shows up to 12). */
  events: number;
}

export interface PageRun {
  name: string;
  /** Path and query, as requested. */
  path: string;
  requestsPerSecond: number;
  /** Answers in all. */
  answers: number;
  /** Answers other than 2xx. */
  non2xx: number;
  /** Answers whose body lacks the expected text. */
  mismatches: number;
  /** Connection errors and timeouts. */
  errors: number;
  p50: number;
  p99: number;
  /** CPU of the serving process per answered request, from /proc. */
  cpuMicrosPerRequest: number;
  /** Bytes of one answer's body. */
  bytes: number;
}

export interface PagesBenchResult {
  connections: number;
  events: number;
  seconds: number;
  runs: PageRun[];
  /** Page runs over the bare server serving the same bytes: req/s ratio. */
  ratios: Record<string, number>;
  /** The same, for CPU per request (how many times the bare server's). */
  cpuRatios: Record<string, number>;
  /** `x-page-cache` of two requests in a row on `/` (undefined when the header is absent). */
  cacheHeaders: (string | undefined)[];
  loadAverage: number;
}

/**
 * The storefront's home and event pages on the production build with the whole platform running
 * (docs/architecture.md §1), 50 keep-alive clients each, every answer checked for status 200 and the
 * event's name in the body; next to a bare node:http server answering the very same bytes in the
 * same run (the ceiling), and a filtered home page that Next renders on every request.
 */
export async function runPagesBench(options: PagesBenchOptions): Promise<PagesBenchResult> {
  if (!fs.existsSync(buildIdFile)) {
    throw new Error('No production build of apps/web: run `npm run build -w @ticketing/web` first');
  }
  // A `next build` replaces .next under a running server: keep builds out until the run ends.
  const buildGuard = await holdFileLock(WEB_BUILD_LOCK, 'shared');
  const bytesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pages-bench-'));
  let bare: ChildProcess | undefined;
  let bareRedis: ChildProcess | undefined;
  try {
    const platform = await startPlatform({
      suite: 'bench-pages',
      pages: true,
      nodeEnv: 'production',
      env: { web: { DB_POOL_SIZE: '10', LOG_LEVEL: 'warn' } },
    });
    try {
      const catalog = await createCatalog(platform.urls.web, platform.adminToken, options.events);
      const first = catalog[0];
      if (!first) throw new Error('no event created');
      // The first two requests of the run: rendered once, then served from what was kept.
      const home = await page(platform.urls.web, '/', first.name);
      const homeAgain = await page(platform.urls.web, '/', first.name);
      const cacheHeaders = [home.cache, homeAgain.cache];
      const eventPage = await page(platform.urls.web, `/events/${first.id}`, first.name);

      const events = await page(platform.urls.web, '/api/events', first.name);

      const bareServer = await startBareServer(bytesDir, {
        '/': home.body,
        [`/events/${first.id}`]: eventPage.body,
      });
      bare = bareServer.child;
      const redisServer = await startBareRedisServer(platform.redisUrl, events.body);
      bareRedis = redisServer.child;

      const webPid = platform.processes.web.pid;
      const eventPath = `/events/${first.id}`;
      const filteredPath = `/?q=${encodeURIComponent(first.name.split(' ')[0] ?? '')}`;
      const filtered = await page(platform.urls.web, filteredPath, first.name);
      const staticPage = await page(platform.urls.web, '/orders', 'Find my order');
      // Each page right after its ceiling, so both see the machine in the same state.
      const targets = [
        {
          name: CEILING_HOME,
          base: bareServer.url,
          path: '/',
          pid: bare.pid,
          bytes: home.body.length,
        },
        { name: HOME, base: platform.urls.web, path: '/', pid: webPid, bytes: home.body.length },
        {
          name: CEILING_EVENT,
          base: bareServer.url,
          path: eventPath,
          pid: bare.pid,
          bytes: eventPage.body.length,
        },
        {
          name: EVENT,
          base: platform.urls.web,
          path: eventPath,
          pid: webPid,
          bytes: eventPage.body.length,
        },
        {
          name: CEILING_API,
          base: redisServer.url,
          path: '/api/events',
          pid: bareRedis.pid,
          bytes: events.body.length,
        },
        {
          name: API,
          base: platform.urls.web,
          path: '/api/events',
          pid: webPid,
          bytes: events.body.length,
        },
        {
          name: FILTERED,
          base: platform.urls.web,
          path: filteredPath,
          pid: webPid,
          bytes: filtered.body.length,
        },
        {
          name: NEXT_STATIC,
          base: platform.urls.web,
          path: '/orders',
          pid: webPid,
          bytes: staticPage.body.length,
          expected: 'Find my order',
        },
      ];
      const runs: PageRun[] = [];
      for (const target of targets) {
        runs.push(await hammer(target, target.expected ?? first.name, options));
      }
      const rate = (name: string) =>
        runs.find((run) => run.name === name)?.requestsPerSecond ?? NaN;
      const cpu = (name: string) =>
        runs.find((run) => run.name === name)?.cpuMicrosPerRequest ?? NaN;
      const ratios = {
        [HOME]: rate(HOME) / rate(CEILING_HOME),
        [EVENT]: rate(EVENT) / rate(CEILING_EVENT),
        [API]: rate(API) / rate(CEILING_API),
      };
      const cpuRatios = {
        [HOME]: cpu(HOME) / cpu(CEILING_HOME),
        [EVENT]: cpu(EVENT) / cpu(CEILING_EVENT),
        [API]: cpu(API) / cpu(CEILING_API),
      };
      return {
        connections: options.connections,
        events: options.events,
        seconds: options.seconds,
        runs,
        ratios,
        cpuRatios,
        cacheHeaders,
        loadAverage: os.loadavg()[0] ?? NaN,
      };
    } finally {
      await platform.stop();
    }
  } finally {
    bare?.kill('SIGTERM');
    bareRedis?.kill('SIGTERM');
    fs.rmSync(bytesDir, { recursive: true, force: true });
    await buildGuard.release();
  }
}

export const CEILING_HOME = 'ceiling: bare node:http, the home page bytes';
export const CEILING_EVENT = 'ceiling: bare node:http, the event page bytes';
export const HOME = 'home page';
export const EVENT = 'event page';
/** Issue 11 target 4's ceiling: what serving a cached answer from Redis costs at the very least. */
export const CEILING_API = 'ceiling: bare node:http, the /api/events bytes read from Redis';
export const API = 'GET /api/events (cached)';
export const FILTERED = 'home page filtered by a search (Next renders it every time)';
/** What Next's own handler does with a page prerendered at build time: the best a Next cache can do. */
export const NEXT_STATIC = "Next's handler serving a page prerendered at build (`/orders`)";

interface CatalogEvent {
  id: string;
  name: string;
}

const NAMES = ['Aurora', 'Basalt', 'Cobalt', 'Dune', 'Ember', 'Fjord', 'Garnet', 'Harbour'];

/** Events with one session next month and two ticket types each, through the admin REST API. */
async function createCatalog(web: string, token: string, count: number): Promise<CatalogEvent[]> {
  const admin = async (urlPath: string, body: unknown, what: string) =>
    expectStatus(
      await request(web, 'POST', urlPath, { body, headers: { authorization: `Bearer ${token}` } }),
      201,
      what,
    );
  const created: CatalogEvent[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${NAMES[i % NAMES.length] ?? 'Bench'} Quartet ${i + 1}`;
    const event = await admin(
      '/api/admin/events',
      {
        name,
        description: 'An evening of chamber music, created by the page benchmark.',
        location: 'Main hall',
      },
      'create event',
    );
    const id = field(event, 'id');
    const startsAt = new Date(Date.now() + (30 + i) * 24 * 3600_000);
    const session = await admin(
      `/api/admin/events/${id}/sessions`,
      {
        starts_at: startsAt.toISOString(),
        ends_at: new Date(startsAt.getTime() + 3 * 3600_000).toISOString(),
        total_capacity: 600,
      },
      'create session',
    );
    const sessionId = field(session, 'id');
    for (const [typeName, price] of [
      ['Stalls', '45.00'],
      ['Balcony', '25.00'],
    ] as const) {
      await admin(
        `/api/admin/sessions/${sessionId}/ticket-types`,
        { name: typeName, price, quantity: 300 },
        'create ticket type',
      );
    }
    created.push({ id, name });
  }
  return created;
}

/** One page as a plain client gets it (no compression), checked for the expected text. */
async function page(web: string, urlPath: string, expected: string) {
  const response = await fetch(`${web}${urlPath}`);
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200 || !body.includes(expected)) {
    throw new Error(`${urlPath}: expected 200 with "${expected}", got ${response.status}`);
  }
  return { body, cache: response.headers.get('x-page-cache') ?? undefined };
}

/** A node:http server in a process of its own answering each path with its fixed bytes. */
async function startBareServer(dir: string, pages: Record<string, Buffer>) {
  const files: Record<string, string> = {};
  Object.entries(pages).forEach(([urlPath, body], index) => {
    const file = path.join(dir, `page-${index}.html`);
    fs.writeFileSync(file, body);
    files[urlPath] = file;
  });
  const program = `
    const fs = require('node:fs');
    const pages = new Map(Object.entries(${JSON.stringify(files)}).map(([p, f]) => [p, fs.readFileSync(f)]));
    const server = require('node:http').createServer((req, res) => {
      const body = pages.get(req.url);
      if (!body) { res.statusCode = 404; res.end(); return; }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
  `;
  const child = spawn(process.execPath, ['-e', program], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

/**
 * A node:http server in a process of its own that reads the given bytes from Redis (one GET) for
 * every request: the least a cached answer kept in Redis can cost.
 */
async function startBareRedisServer(redisUrl: string, body: Buffer) {
  const key = `bench:pages:bare-body:${process.pid}`;
  const program = `
    const { Redis } = require('ioredis');
    const redis = new Redis(${JSON.stringify(redisUrl)});
    const key = ${JSON.stringify(key)};
    redis.set(key, Buffer.from(${JSON.stringify(body.toString('base64'))}, 'base64')).then(() => {
      const server = require('node:http').createServer((req, res) => {
        redis.getBuffer(key).then((bytes) => {
          res.setHeader('content-type', 'application/json');
          res.end(bytes);
        }, () => { res.statusCode = 503; res.end(); });
      });
      server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
    });
  `;
  const child = spawn(process.execPath, ['-e', program], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`bare Redis server exited (${code})`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function hammer(
  target: { name: string; base: string; path: string; pid: number | undefined; bytes: number },
  expected: string,
  options: PagesBenchOptions,
): Promise<PageRun> {
  const url = `${target.base}${target.path}`;
  const run = (seconds: number) =>
    autocannon({
      url,
      connections: options.connections,
      duration: seconds,
      timeout: 15,
      // Every answer's body is read and checked, the ceiling's too.
      verifyBody: (body) => body !== undefined && body.includes(expected),
    });
  if (options.warmupSeconds > 0) await run(options.warmupSeconds);
  const cpuBefore = processCpuMs(target.pid);
  const result = await run(options.seconds);
  const cpuMs = processCpuMs(target.pid) - cpuBefore;
  const answers = result['2xx'] + result.non2xx;
  return {
    name: target.name,
    path: target.path,
    requestsPerSecond: answers / options.seconds,
    answers,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMicrosPerRequest: answers > 0 ? (cpuMs * 1000) / answers : NaN,
    bytes: target.bytes,
  };
}
