/**
 * Outbox relay latency: how long from the writer's COMMIT until the event is confirmed by RabbitMQ
 * (and delivered to a consumer), at rest and in a burst, for both nudge modes (a NOTIFY in every
 * writing transaction, and the default coalesced NOTIFY with a lingering relay), plus the floors
 * it builds on (a bare confirmed publish, a bare NOTIFY), the drain ceiling of one relay and the
 * first relay's 5 s poll (the original design) for comparison.
 *
 *   npm run bench -w @ticketing/events        (root: npm run bench:relay)
 *
 * Writes its section of docs/benchmarks.md (between its markers) and prints the same table.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { machineLine, writeSection } from '@ticketing/bench/report-section';
import { createDatabase, type Database } from '@ticketing/db/client';
import { outboxTable } from '@ticketing/db/shared/outbox-table';
import { prepareTestDatabase, truncateAll } from '@ticketing/db/testing';
import amqp from 'amqplib';
import pg from 'pg';

import { createOutboxRelay, type OutboxRelayOptions } from '../src/outbox-relay';
import { appendOutbox, NUDGE_COALESCE_MS, OUTBOX_LINGER_MS } from '../src/outbox-writer';
import { createPublisher, type Publisher } from '../src/publisher';

const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const SPACED_ROWS = Number(process.env.BENCH_SPACED_ROWS ?? 500);
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 20);
const BURST_ROWS = Number(process.env.BENCH_BURST_ROWS ?? 2_000);
const WRITERS = 10;
const FIRST_RELAY_POLL_MS = 5_000;
const outbox = outboxTable();

interface NudgeMode {
  label: string;
  nudgeCoalesceMs: number;
  lingerMs: number;
}

const modes: NudgeMode[] = [
  { label: 'NOTIFY in every txn', nudgeCoalesceMs: 0, lingerMs: 0 },
  {
    label: 'coalesced NOTIFY (default)',
    nudgeCoalesceMs: NUDGE_COALESCE_MS,
    lingerMs: OUTBOX_LINGER_MS,
  },
];

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
class Tracker {
  readonly committed = new Map<string, number>();
  readonly confirmed = new Map<string, number>();
  readonly delivered = new Map<string, number>();

  wrap(publisher: Publisher): Publisher {
    return {
      ...publisher,
      publish: async (envelope) => {
        await publisher.publish(envelope);
        this.confirmed.set(envelope.event_id, performance.now());
      },
    };
  }

  latencies(ids: string[], to: Map<string, number>): Stats {
    return stats(
      ids.map((id) => (to.get(id) ?? Number.NaN) - (this.committed.get(id) ?? Number.NaN)),
    );
  }

  lastConfirm(ids: string[]): number {
    return Math.max(...ids.map((id) => this.confirmed.get(id) ?? 0));
  }

  async waitFor(ids: string[], timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (ids.some((id) => !this.delivered.has(id) || !this.confirmed.has(id))) {
      if (Date.now() > deadline) throw new Error('events did not arrive in time');
      await sleep(5);
    }
  }
}

class Writer {
  constructor(
    private readonly db: Database,
    private readonly track: Tracker,
  ) {}

  async one(nudgeCoalesceMs: number): Promise<string> {
    const holdId = randomUUID();
    const payload = {
      hold_id: holdId,
      session_id: randomUUID(),
      ticket_type_id: randomUUID(),
      quantity: 1,
    };
    const envelope = await this.db.transaction((tx) =>
      appendOutbox(
        tx,
        outbox,
        { eventType: 'hold.expired', aggregateId: holdId, payload },
        { nudgeCoalesceMs },
      ),
    );
    this.track.committed.set(envelope.event_id, performance.now());
    return envelope.event_id;
  }

  async spaced(rows: number, spacingMs: number, nudgeCoalesceMs: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < rows; index += 1) {
      ids.push(await this.one(nudgeCoalesceMs));
      await sleep(spacingMs);
    }
    return ids;
  }

  async concurrently(
    rows: number,
    nudgeCoalesceMs: number,
  ): Promise<{ ids: string[]; seconds: number }> {
    const started = performance.now();
    const written = await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        const ids: string[] = [];
        for (let index = 0; index < rows / WRITERS; index += 1)
          ids.push(await this.one(nudgeCoalesceMs));
        return ids;
      }),
    );
    return { ids: written.flat(), seconds: (performance.now() - started) / 1000 };
  }
}

/** Floor 1: a confirmed, persistent publish, with no database involved. */
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
  const db = createDatabase({ url, poolSize: WRITERS + 2, applicationName: 'bench-relay' });
  const exchange = `bench.events.${randomUUID().slice(0, 8)}`;
  const connection = await amqp.connect(RABBITMQ_URL);
  const channel = await connection.createChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, exchange, '#');
  const track = new Tracker();
  const writer = new Writer(db, track);
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
  const startRelay = async (options: Partial<OutboxRelayOptions>) => {
    const relay = createOutboxRelay({
      db,
      outboxTable: outbox,
      publisher: track.wrap(publisher),
      batchSize: 100,
      ...options,
    });
    await relay.start();
    return relay;
  };
  const table: string[] = [
    '| measurement | events | p50 ms | p95 ms | p99 ms | max ms | notes |',
    '|---|---|---|---|---|---|---|',
  ];
  const note = (line: string) => {
    table.push(line);
    console.log(line);
  };

  console.log('floors…');
  note(
    row(
      'floor: bare confirmed publish (no DB)',
      await barePublishFloor(exchange, 300),
      'amqplib confirm channel, persistent',
    ),
  );
  note(
    row(
      'floor: NOTIFY sent → heard by LISTEN',
      await notifyFloor(url, 300),
      'pg, loopback, includes the round trip',
    ),
  );

  for (const mode of modes) {
    console.log(
      `at rest, ${mode.label}: ${SPACED_ROWS} single-row transactions, ${SPACING_MS} ms apart…`,
    );
    const relay = await startRelay({
      listenUrl: url,
      pollIntervalMs: FIRST_RELAY_POLL_MS,
      lingerMs: mode.lingerMs,
    });
    const ids = await writer.spaced(SPACED_ROWS, SPACING_MS, mode.nudgeCoalesceMs);
    await track.waitFor(ids);
    await relay.stop();
    note(
      row(
        `at rest, ${mode.label}: commit → confirm`,
        track.latencies(ids, track.confirmed),
        `poll ${FIRST_RELAY_POLL_MS} ms`,
      ),
    );
    note(row(`at rest, ${mode.label}: commit → consumer`, track.latencies(ids, track.delivered)));
  }

  for (const mode of modes) {
    console.log(`burst, ${mode.label}: ${BURST_ROWS} rows from ${WRITERS} concurrent writers…`);
    const relay = await startRelay({
      listenUrl: url,
      pollIntervalMs: FIRST_RELAY_POLL_MS,
      lingerMs: mode.lingerMs,
    });
    const started = performance.now();
    const { ids, seconds } = await writer.concurrently(BURST_ROWS, mode.nudgeCoalesceMs);
    await track.waitFor(ids);
    const drained = (track.lastConfirm(ids) - started) / 1000;
    await relay.stop();
    const rates = `${Math.round(ids.length / seconds)} commits/s; last confirm after ${drained.toFixed(2)} s`;
    note(
      row(`burst, ${mode.label}: commit → confirm`, track.latencies(ids, track.confirmed), rates),
    );
    note(row(`burst, ${mode.label}: commit → consumer`, track.latencies(ids, track.delivered)));
  }

  console.log(`drain ceiling: ${BURST_ROWS} rows written first, then one relay started…`);
  const { ids: backlog } = await writer.concurrently(BURST_ROWS, NUDGE_COALESCE_MS);
  const drainStarted = performance.now();
  const drainRelay = await startRelay({});
  await track.waitFor(backlog);
  const drainRate = BURST_ROWS / ((performance.now() - drainStarted) / 1000);
  await drainRelay.stop();
  note(
    `| ceiling: one relay draining a ${BURST_ROWS}-row backlog | ${BURST_ROWS} | | | | | ${Math.round(drainRate)} rows/s, batches of 100 |`,
  );

  console.log('first relay: 5 s poll, no NOTIFY…');
  const pollOnly = await startRelay({ pollIntervalMs: FIRST_RELAY_POLL_MS });
  const polled = await writer.spaced(50, 100, NUDGE_COALESCE_MS);
  await track.waitFor(polled);
  await pollOnly.stop();
  note(
    row(
      'first relay: 5 s poll only, commit → confirm',
      track.latencies(polled, track.confirmed),
      'the behaviour replaced',
    ),
  );

  await publisher.close();
  await channel.deleteExchange(exchange);
  await connection.close();
  await db.$client.end();
  await writeReport(table);
}

function writeReport(table: string[]) {
  const section = [
    '## Outbox relay: commit → publish latency (packages/events)',
    '',
    `Command: \`npm run bench:relay\` (= \`npm run bench -w @ticketing/events\`); RabbitMQ on loopback too. ${machineLine()}`,
    '',
    "Latency runs from the moment the writer's COMMIT returns to the moment the relay holds the broker's publisher confirm " +
      '(and, on the line below it, until a consumer receives the message). The relay is woken by `NOTIFY outbox` on commit; its ' +
      `poll (${FIRST_RELAY_POLL_MS} ms here, as in the first relay) is only a safety net. Two nudge modes: a NOTIFY in every writing ` +
      `transaction, and the default: at most one NOTIFY per ${NUDGE_COALESCE_MS} ms per process, the relay draining every 10 ms ` +
      `for ${OUTBOX_LINGER_MS} ms after each (a notifying commit holds a database-wide lock until flushed, so NOTIFY in every ` +
      'transaction serialises concurrent writers). The floors and the drain ceiling come from the same run: no relay beats a bare ' +
      'confirmed publish plus a NOTIFY round trip. Target: p99 at rest < 250 ms.',
    '',
    ...table,
  ].join('\n');
  return writeSection('events:relay-latency', section);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
