/**
 * Outbox relay latency: how long from the writer's COMMIT until the event is confirmed by RabbitMQ
 * (and delivered to a consumer), at rest and in a burst, plus the floors it builds on (a bare
 * confirmed publish, a bare NOTIFY) and the seed's 5 s poll for comparison.
 *
 *   npm run bench -w @ticketing/events        (root: npm run bench:relay)
 *
 * Writes its section of docs/benchmarks.md (between its markers) and prints the same table.
 */
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createDatabase, type Database } from '@ticketing/db/client';
import { outboxTable } from '@ticketing/db/shared/outbox-table';
import { prepareTestDatabase, truncateAll } from '@ticketing/db/testing';
import amqp from 'amqplib';
import pg from 'pg';
import { createOutboxRelay } from '../src/outbox-relay';
import { appendOutbox } from '../src/outbox-writer';
import { type Publisher, createPublisher } from '../src/publisher';

const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const SPACED_ROWS = Number(process.env.BENCH_SPACED_ROWS ?? 500);
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 20);
const BURST_ROWS = Number(process.env.BENCH_BURST_ROWS ?? 2_000);
const BURST_WRITERS = 10;
const SEED_POLL_MS = 5_000;
const outbox = outboxTable();

interface Stats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return {
    count: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const row = (label: string, s: Stats, note = '') =>
  `| ${label} | ${s.count} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} | ${note} |`;

/** Follows each event from its writer's commit to the broker's confirm and to a consumer. */
function tracker() {
  const committed = new Map<string, number>();
  const confirmed = new Map<string, number>();
  const delivered = new Map<string, number>();
  return {
    committed,
    confirmed,
    delivered,
    wrap(publisher: Publisher): Publisher {
      return {
        ...publisher,
        publish: async (envelope) => {
          await publisher.publish(envelope);
          confirmed.set(envelope.event_id, performance.now());
        },
      };
    },
    latencies(ids: string[], to: Map<string, number>) {
      return ids.map((id) => (to.get(id) ?? Number.NaN) - (committed.get(id) ?? Number.NaN));
    },
    async waitFor(ids: string[], timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (ids.some((id) => !delivered.has(id) || !confirmed.has(id))) {
        if (Date.now() > deadline) throw new Error('events did not arrive in time');
        await sleep(5);
      }
    },
  };
}

async function writeOne(db: Database, track: ReturnType<typeof tracker>): Promise<string> {
  const holdId = randomUUID();
  const envelope = await db.transaction((tx) =>
    appendOutbox(tx, outbox, {
      eventType: 'hold.expired',
      aggregateId: holdId,
      payload: {
        hold_id: holdId,
        session_id: randomUUID(),
        ticket_type_id: randomUUID(),
        quantity: 1,
      },
    }),
  );
  track.committed.set(envelope.event_id, performance.now());
  return envelope.event_id;
}

async function writeConcurrently(db: Database, track: ReturnType<typeof tracker>, rows: number) {
  const perWriter = Math.ceil(rows / BURST_WRITERS);
  const written = await Promise.all(
    Array.from({ length: BURST_WRITERS }, async () => {
      const ids: string[] = [];
      for (let index = 0; index < perWriter; index += 1) ids.push(await writeOne(db, track));
      return ids;
    }),
  );
  return written.flat();
}

async function spaced(
  db: Database,
  track: ReturnType<typeof tracker>,
  rows: number,
  spacingMs: number,
) {
  const ids: string[] = [];
  for (let index = 0; index < rows; index += 1) {
    ids.push(await writeOne(db, track));
    await sleep(spacingMs);
  }
  await track.waitFor(ids);
  return ids;
}

/** Floor 1: a confirmed, persistent publish and its delivery, with no database involved. */
async function barePublishFloor(exchange: string, rows: number): Promise<Stats> {
  const connection = await amqp.connect(RABBITMQ_URL);
  const channel = await connection.createConfirmChannel();
  const samples: number[] = [];
  for (let index = 0; index < rows; index += 1) {
    const started = performance.now();
    channel.publish(exchange, 'bench.floor', Buffer.from('{}'), { persistent: true });
    await channel.waitForConfirms();
    samples.push(performance.now() - started);
    await sleep(2);
  }
  await connection.close();
  return stats(samples);
}

/** Floor 2: an autocommitted NOTIFY, from sending it until a LISTENing connection hears it. */
async function notifyFloor(url: string, rows: number): Promise<Stats> {
  const listener = new pg.Client({ connectionString: url });
  const writer = new pg.Client({ connectionString: url });
  await Promise.all([listener.connect(), writer.connect()]);
  await listener.query(`listen bench_floor`);
  const samples: number[] = [];
  for (let index = 0; index < rows; index += 1) {
    const heard = new Promise<number>((resolve) =>
      listener.once('notification', () => resolve(performance.now())),
    );
    // From before the statement: the notification can arrive before the writer sees its own COMMIT.
    const started = performance.now();
    await writer.query(`select pg_notify('bench_floor', '')`);
    samples.push((await heard) - started);
    await sleep(2);
  }
  await Promise.all([listener.end(), writer.end()]);
  return stats(samples);
}

async function main() {
  const url = await prepareTestDatabase('orders', 'events_bench');
  await truncateAll(url);
  const db = createDatabase({ url, poolSize: BURST_WRITERS + 2, applicationName: 'bench-relay' });
  const exchange = `bench.events.${randomUUID().slice(0, 8)}`;
  const connection = await amqp.connect(RABBITMQ_URL);
  const channel = await connection.createChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, exchange, '#');
  const track = tracker();
  await channel.consume(
    queue,
    (message) => {
      if (!message || message.fields.routingKey === 'bench.floor') return;
      const { event_id: eventId } = JSON.parse(message.content.toString()) as { event_id: string };
      track.delivered.set(eventId, performance.now());
    },
    { noAck: true },
  );

  const publisher = await createPublisher({ url: RABBITMQ_URL, exchange });
  await publisher.waitForConnect();
  const results: string[] = [];
  const note = (line: string) => {
    results.push(line);
    console.log(line);
  };

  console.log('floors…');
  const publishFloor = await barePublishFloor(exchange, 300);
  const notify = await notifyFloor(url, 300);

  console.log(`at rest: ${SPACED_ROWS} single-row transactions, ${SPACING_MS} ms apart…`);
  const relay = createOutboxRelay({
    db,
    outboxTable: outbox,
    publisher: track.wrap(publisher),
    listenUrl: url,
    pollIntervalMs: SEED_POLL_MS,
    batchSize: 100,
  });
  await relay.start();
  const atRest = await spaced(db, track, SPACED_ROWS, SPACING_MS);

  console.log(`burst: ${BURST_ROWS} rows from ${BURST_WRITERS} concurrent writers…`);
  const burstStarted = performance.now();
  const burst = await writeConcurrently(db, track, BURST_ROWS);
  const writesDone = performance.now();
  await track.waitFor(burst);
  const lastConfirm = Math.max(...burst.map((id) => track.confirmed.get(id) ?? 0));
  await relay.stop();

  console.log(`drain ceiling: ${BURST_ROWS} rows written first, then one relay started…`);
  const backlog = await writeConcurrently(db, track, BURST_ROWS);
  const drainRelay = createOutboxRelay({
    db,
    outboxTable: outbox,
    publisher: track.wrap(publisher),
    batchSize: 100,
  });
  const drainStarted = performance.now();
  await drainRelay.start();
  await track.waitFor(backlog);
  const drainCeiling = BURST_ROWS / ((performance.now() - drainStarted) / 1000);
  await drainRelay.stop();

  console.log('seed behaviour: 5 s poll, no NOTIFY…');
  const pollOnly = createOutboxRelay({
    db,
    outboxTable: outbox,
    publisher: track.wrap(publisher),
    pollIntervalMs: SEED_POLL_MS,
  });
  await pollOnly.start();
  const polled = await spaced(db, track, 50, 100);
  await pollOnly.stop();

  const writeSeconds = (writesDone - burstStarted) / 1000;
  const drainSeconds = (lastConfirm - burstStarted) / 1000;
  note(`| measurement | events | p50 ms | p95 ms | p99 ms | max ms | notes |`);
  note(`|---|---|---|---|---|---|---|`);
  note(
    row(
      'floor: bare confirmed publish (no DB)',
      publishFloor,
      'amqplib confirm channel, persistent',
    ),
  );
  note(
    row('floor: NOTIFY sent → heard by LISTEN', notify, 'pg, loopback, includes the round trip'),
  );
  note(
    row(
      'at rest: commit → broker confirm',
      stats(track.latencies(atRest, track.confirmed)),
      `1 row/txn, every ${SPACING_MS} ms, poll ${SEED_POLL_MS} ms`,
    ),
  );
  note(
    row('at rest: commit → consumer delivery', stats(track.latencies(atRest, track.delivered)), ''),
  );
  note(
    row(
      'burst: commit → broker confirm',
      stats(track.latencies(burst, track.confirmed)),
      `${BURST_WRITERS} writers, ${Math.round(burst.length / writeSeconds)} commits/s; all confirmed ${drainSeconds.toFixed(2)} s after start (${Math.round(burst.length / drainSeconds)}/s)`,
    ),
  );
  note(
    row('burst: commit → consumer delivery', stats(track.latencies(burst, track.delivered)), ''),
  );
  note(
    `| ceiling: one relay draining a ${BURST_ROWS}-row backlog | ${BURST_ROWS} | | | | | ${Math.round(drainCeiling)} rows/s (batches of 100) |`,
  );
  note(
    row(
      'seed: 5 s poll only, commit → confirm',
      stats(track.latencies(polled, track.confirmed)),
      'the behaviour replaced',
    ),
  );

  await publisher.close();
  await connection.close();
  await db.$client.end();
  await writeSection(results);
}

const START = '<!-- events:relay-latency:start -->';
const END = '<!-- events:relay-latency:end -->';

async function writeSection(table: string[]) {
  const file = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const section = [
    START,
    '## Outbox relay: commit → publish latency (packages/events)',
    '',
    `Command: \`npm run bench:relay\` (= \`npm run bench -w @ticketing/events\`). Machine: ${os.cpus().length} cores (${cpu}), ` +
      `Node ${process.version}, PostgreSQL, RabbitMQ and the benchmark on the same machine, loopback. Run ${new Date().toISOString().slice(0, 16)}Z ` +
      `with a load average of ${os.loadavg()[0]?.toFixed(1)} before it (the machine is shared with other work, so expect noise).`,
    '',
    "Latency runs from the moment the writer's COMMIT returns to the moment the relay has the broker's publisher confirm " +
      '(and, second line, the moment a consumer receives the message). The relay is woken by `NOTIFY outbox` on commit; its poll ' +
      `(${SEED_POLL_MS} ms here, as in the seed) is only a safety net. The two floors are the same-run ceiling: no relay can beat a bare ` +
      'confirmed publish plus a NOTIFY round trip. Target: p99 at rest < 250 ms.',
    '',
    ...table,
    END,
  ].join('\n');
  let current = '';
  try {
    current = await readFile(file, 'utf8');
  } catch {
    current =
      '# Benchmarks\n\nEach section is written by the benchmark it names; numbers from the 2-core development machine.\n';
  }
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${section}${current.slice(end + END.length)}`
      : `${current.trimEnd()}\n\n${section}\n`;
  await writeFile(file, next);
  console.log(`written to ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
