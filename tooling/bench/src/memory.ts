import { readFileSync } from 'node:fs';

/** Resident set size of a process in KiB, from /proc (`VmRSS`); NaN when it is gone. */
export function processRssKiB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match ? Number(match[1]) : NaN;
  } catch {
    return NaN;
  }
}
