import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { ensureDatabase } from '@ticketing/db/migrate';
import pg from 'pg';

const run = promisify(execFile);

/**
 * PostgreSQL's own ceiling for the on-sale hot path: pgbench running nothing but the bare
 * conditional decrement of one row, in a scratch database of its own.
 */
export async function prepareHotRow(url: string) {
  await ensureDatabase(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('drop table if exists hot_row');
    await client.query(
      'create table hot_row (id int primary key, available int not null check (available >= 0))',
    );
    await client.query('insert into hot_row values (1, 2000000000)');
  } finally {
    await client.end();
  }
}

export async function pgbenchTps(url: string, clients: number, seconds: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'pgbench-'));
  const script = join(dir, 'decrement.sql');
  await writeFile(
    script,
    'update hot_row set available = available - 1 where id = 1 and available >= 1;\n',
  );
  const { hostname, port, username, pathname } = new URL(url);
  try {
    const { stdout } = await run('pgbench', [
      '-h',
      hostname,
      '-p',
      port || '5432',
      '-U',
      decodeURIComponent(username || 'postgres'),
      '-n',
      '-M',
      'prepared',
      '-c',
      String(clients),
      '-j',
      String(Math.min(clients, 2)),
      '-T',
      String(seconds),
      '-f',
      script,
      decodeURIComponent(pathname.slice(1)),
    ]);
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
    if (!tps) throw new Error(`no tps in pgbench output:\n${stdout}`);
    return Number(tps);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
