import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { migrateDatabase } from '@ticketing/db/migrate';
import { truncateAll } from '@ticketing/db/testing';
import { createInventoryClient } from '@ticketing/trpc/inventory/client';
import pg from 'pg';
import { startInventoryProcess } from '../src/testing';
import { processCpuMs } from './cpu';
import { pgbenchTps, prepareHotRow } from './pgbench';
import { rush, type RushResult } from './rush';

/**
 * `npm run bench:inventory` — the on-sale rush: 1-seat holds on one item of a million seats from
 * 200 concurrent clients, against PostgreSQL's own rate for the bare decrement of one hot row.
 * Flags: --seconds=N (rush length, default 20), --connections=N (200), --naive (also run the
 * service with one transaction per hold, for comparison).
 */
const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [name, value] = arg.replace(/^--/, '').split('=');
    return [name ?? '', value ?? 'true'] as const;
  }),
);
const seconds = Number(args.get('seconds') ?? 20);
const connections = Number(args.get('connections') ?? 200);
const pgbenchSeconds = Number(args.get('pgbench-seconds') ?? 10);
const server = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const serviceDb = `${server}/ticketing_inventory_bench`;
const pgbenchDb = `${server}/ticketing_pgbench_bench`;
const SEATS = 1_000_000;

async function measureService(
  mode: 'coalesced' | 'naive',
): Promise<RushResult & { i1: string; cpuPerHold: number }> {
  const service = await startInventoryProcess({
    DATABASE_URL_INVENTORY: serviceDb,
    NODE_ENV: 'production',
    HOLD_COALESCING: mode === 'coalesced' ? 'on' : 'off',
  });
  try {
    const client = createInventoryClient({ url: service.url });
    const item = { session_id: randomUUID(), ticket_type_id: randomUUID() };
    await client.upsertItem({ ...item, total_quantity: SEATS });
    const target = {
      url: service.url,
      sessionId: item.session_id,
      ticketTypeId: item.ticket_type_id,
    };
    // Warm-up: JIT, pool connections, PostgreSQL's caches.
    const warm = await rush({ ...target, connections: 50, seconds: 3 });
    const cpuBefore = processCpuMs(service.child.pid);
    const result = await rush({ ...target, connections, seconds });
    const cpuPerHold = ((processCpuMs(service.child.pid) - cpuBefore) * 1000) / result.succeeded;
    const i1 = await checkConservation(item, warm.succeeded + result.succeeded);
    return { ...result, i1, cpuPerHold };
  } finally {
    await service.stop();
  }
}

/** I1 for the benchmarked item, and every answered hold is one held row. */
async function checkConservation(
  item: { session_id: string; ticket_type_id: string },
  answered: number,
): Promise<string> {
  const db = new pg.Client({ connectionString: serviceDb });
  await db.connect();
  try {
    const { rows } = await db.query<{ ok: boolean; detail: string }>(
      `select i.available_quantity + i.held_quantity + i.committed_quantity = i.total_quantity
                and i.available_quantity >= 0
                and i.held_quantity = coalesce(sum(h.quantity), 0)
                and count(h.hold_id) >= $3 as ok,
              format('total %s, available %s, held %s (rows %s, %s answered 200)', i.total_quantity,
                     i.available_quantity, i.held_quantity, count(h.hold_id), $3::int) as detail
         from inventory_items i
         left join inventory_holds h on h.item_id = i.id and h.status = 'held'
        where i.session_id = $1 and i.ticket_type_id = $2
        group by i.id`,
      [item.session_id, item.ticket_type_id, answered],
    );
    const [row] = rows;
    return row ? `${row.ok ? 'intact' : 'BROKEN'}: ${row.detail}` : 'BROKEN: item missing';
  } finally {
    await db.end();
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main() {
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}`,
  );
  await migrateDatabase('inventory', serviceDb);
  await truncateAll(serviceDb);

  await prepareHotRow(pgbenchDb);
  const ceiling: Record<number, number> = {};
  for (const clients of [2, 10, 32]) {
    ceiling[clients] = await pgbenchTps(pgbenchDb, clients, pgbenchSeconds);
    console.log(`pgbench bare decrement, ${clients} clients: ${ceiling[clients]?.toFixed(0)} tps`);
  }
  const best = Math.max(...Object.values(ceiling));

  const modes: Array<'coalesced' | 'naive'> = args.has('naive')
    ? ['coalesced', 'naive']
    : ['coalesced'];
  for (const mode of modes) {
    const r = await measureService(mode);
    console.log(
      [
        `service (${mode}), ${r.connections} clients, ${r.seconds} s: ${r.holdsPerSecond.toFixed(0)} holds/s`,
        `  latency p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, p99 ${ms(r.p99)}, max ${ms(r.max)}`,
        `  holds ${r.succeeded}, non-2xx ${r.refused}, transport errors ${r.errors}`,
        `  service CPU ${r.cpuPerHold.toFixed(0)} µs per hold`,
        `  I1 ${r.i1}`,
        `  ratio to pgbench's best (${best.toFixed(0)} tps): ${(r.holdsPerSecond / best).toFixed(2)}`,
      ].join('\n'),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
