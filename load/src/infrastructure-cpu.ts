import { readdirSync, readFileSync } from 'node:fs';

import { processCpuMs } from '@ticketing/bench/cpu';

/** Process names of the servers the platform runs on (PostgreSQL backends, Redis, RabbitMQ's VM). */
const INFRASTRUCTURE = new Map([
  ['postgres', 'PostgreSQL'],
  ['redis-server', 'Redis'],
  ['beam.smp', 'RabbitMQ'],
]);

/**
 * CPU ms used so far by every process of PostgreSQL, Redis and RabbitMQ on this machine, per
 * server, read from /proc. Backends that exit between two readings drop out, so the caller keeps
 * its connections open across the measurement (pools do).
 */
export function infrastructureCpuMs(): Map<string, number> {
  const totals = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let comm: string;
    try {
      comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    const server = INFRASTRUCTURE.get(comm);
    if (!server) continue;
    const ms = processCpuMs(Number(entry));
    if (Number.isFinite(ms)) totals.set(server, (totals.get(server) ?? 0) + ms);
  }
  return totals;
}
