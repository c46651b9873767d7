import type { DatabaseName, Databases } from '@ticketing/e2e/databases';
import type { AnyProcessName } from '@ticketing/e2e/platform';

/**
 * Which instance did which work, as PostgreSQL saw it. Every instance's sessions carry its name
 * in a setting of their own (`PGOPTIONS=-c ticketing.instance=web-2`, see `instanceTag`), and
 * statement-level triggers that the run adds to its own databases count the rows each statement
 * wrote, under the name of the session that wrote them: holds placed, orders created, outbox rows
 * published (the relays), events consumed (the consumers' `consumed_events`). No process is told
 * about it and none reads it back.
 */

/** The setting that names an instance in its database sessions. */
export const INSTANCE_SETTING = 'ticketing.instance';

/** Variables that make an instance's every PostgreSQL session carry its name. */
export function instanceTag(instance: string): Record<string, string> {
  return { PGOPTIONS: `-c ${INSTANCE_SETTING}=${instance}` };
}

export type WorkKind =
  | 'holds placed'
  | 'seats reserved'
  | 'orders created'
  | 'outbox rows published'
  | 'events consumed';

interface Counted {
  database: DatabaseName;
  table: string;
  kind: WorkKind;
  /** Counted on insert; on update only the rows whose `published_at` became set. */
  on: 'insert' | 'publish';
}

const counted: readonly Counted[] = [
  { database: 'main', table: 'holds', kind: 'holds placed', on: 'insert' },
  { database: 'main', table: 'outbox', kind: 'outbox rows published', on: 'publish' },
  { database: 'main', table: 'consumed_events', kind: 'events consumed', on: 'insert' },
  { database: 'inventory', table: 'inventory_holds', kind: 'seats reserved', on: 'insert' },
  { database: 'inventory', table: 'outbox', kind: 'outbox rows published', on: 'publish' },
  { database: 'inventory', table: 'consumed_events', kind: 'events consumed', on: 'insert' },
  { database: 'orders', table: 'orders', kind: 'orders created', on: 'insert' },
  { database: 'orders', table: 'outbox', kind: 'outbox rows published', on: 'publish' },
  { database: 'orders', table: 'consumed_events', kind: 'events consumed', on: 'insert' },
];

/** The work each process exists for, where it shows, for the "every instance did work" check. */
export const expectedWork: Partial<
  Record<AnyProcessName, { database: DatabaseName; kind: WorkKind }[]>
> = {
  web: [{ database: 'main', kind: 'holds placed' }],
  webWorker: [{ database: 'main', kind: 'outbox rows published' }],
  notifications: [{ database: 'main', kind: 'events consumed' }],
  inventory: [{ database: 'inventory', kind: 'seats reserved' }],
  inventoryConsumer: [
    { database: 'inventory', kind: 'events consumed' },
    { database: 'inventory', kind: 'outbox rows published' },
  ],
  orders: [{ database: 'orders', kind: 'orders created' }],
  ordersWorker: [
    { database: 'orders', kind: 'outbox rows published' },
    { database: 'orders', kind: 'events consumed' },
  ],
};

const WORK_TABLE = 'scale_out_work';

/** Adds the counting table and triggers to the run's databases (before any process starts). */
export async function installEvidence(db: Pick<Databases, 'query'>): Promise<void> {
  for (const database of ['main', 'inventory', 'orders'] as const) {
    await db.query(
      database,
      `create unlogged table if not exists ${WORK_TABLE} (
         kind text not null, instance text, rows integer not null, at timestamptz not null default now())`,
    );
    await db.query(database, `truncate ${WORK_TABLE}`);
    await db.query(
      database,
      `create or replace function ${WORK_TABLE}_inserted() returns trigger language plpgsql as $$
       begin
         insert into ${WORK_TABLE} (kind, instance, rows)
           select tg_argv[0], current_setting('${INSTANCE_SETTING}', true), count(*) from new_rows
           having count(*) > 0;
         return null;
       end $$`,
    );
    await db.query(
      database,
      `create or replace function ${WORK_TABLE}_published() returns trigger language plpgsql as $$
       begin
         insert into ${WORK_TABLE} (kind, instance, rows)
           select tg_argv[0], current_setting('${INSTANCE_SETTING}', true), count(*)
             from new_rows n join old_rows o on o.id = n.id
            where o.published_at is null and n.published_at is not null
           having count(*) > 0;
         return null;
       end $$`,
    );
  }
  for (const { database, table, kind, on } of counted) {
    const trigger = `${WORK_TABLE}_${table}`;
    await db.query(database, `drop trigger if exists ${trigger} on ${table}`);
    await db.query(
      database,
      on === 'insert'
        ? `create trigger ${trigger} after insert on ${table} referencing new table as new_rows
             for each statement execute function ${WORK_TABLE}_inserted('${kind}')`
        : `create trigger ${trigger} after update on ${table}
             referencing old table as old_rows new table as new_rows
             for each statement execute function ${WORK_TABLE}_published('${kind}')`,
    );
  }
}

/** Rows written per instance and kind of work, per database. */
export interface WorkRow {
  database: DatabaseName;
  instance: string;
  kind: WorkKind;
  rows: number;
}

export async function readEvidence(db: Pick<Databases, 'query'>): Promise<WorkRow[]> {
  const rows: WorkRow[] = [];
  for (const database of ['main', 'inventory', 'orders'] as const) {
    const found = await db.query<{ instance: string | null; kind: WorkKind; rows: number }>(
      database,
      `select instance, kind, sum(rows)::int as rows from ${WORK_TABLE} group by instance, kind`,
    );
    for (const row of found) {
      rows.push({
        database,
        instance: row.instance ?? '(untagged)',
        kind: row.kind,
        rows: row.rows,
      });
    }
  }
  return rows;
}

/** Drops the triggers again, so later runs on these databases count nothing. */
export async function removeEvidence(db: Pick<Databases, 'query'>): Promise<void> {
  for (const { database, table } of counted) {
    await db.query(database, `drop trigger if exists ${WORK_TABLE}_${table} on ${table}`);
  }
}
