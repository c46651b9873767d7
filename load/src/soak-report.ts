import { machineLine } from '@ticketing/bench/report-section';

import { FLAT_GROWTH, growthOf, type SoakResult } from './soak';

const mib = (kib: number) => (kib / 1024).toFixed(1);

/** The docs/benchmarks.md section of one soak. */
export function soakReport(r: SoakResult): string {
  const { options } = r;
  const rows = r.processes.map(
    (memory) =>
      `| ${memory.name} | ${mib(memory.startKiB)} | ${mib(memory.endKiB)} | ${mib(memory.maxKiB)} | ` +
      `${(growthOf(memory) * 100).toFixed(1)} % |`,
  );
  const grown = r.processes.filter((memory) => !(growthOf(memory) <= FLAT_GROWTH));
  const flat = grown.length === 0;
  return [
    '## Memory under a steady load (`npm run soak`)',
    '',
    `Command: \`npm run soak -- --seconds=${options.seconds} --clients=${options.clients}\`. The whole ` +
      'platform of docs/architecture.md §1 (tsx children, as `npm run load` starts it), ' +
      `${options.clients} buyers each holding 1 seat, checking out and paying (90 %) or cancelling, ` +
      'a new e-mail per purchase, on 1,000,000 seats so the sale never ends; ' +
      `${options.warmupSeconds} s of warm-up, then the RSS of every process from /proc every ` +
      `${options.sampleEverySeconds} s for ${options.seconds} s (${r.samples} samples).`,
    '',
    machineLine(),
    '',
    '| process | RSS at start MiB | RSS at end MiB | max MiB | end vs start |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Holds answered ${r.holds}, orders paid ${r.confirmed}, 5xx or no answer ${r.errors}; ` +
      (r.settled
        ? 'after the drain I1–I3 hold and committed seats = paid orders.'
        : `after the drain: **FAILED** (${r.settleError ?? 'unknown'}).`),
    `Target (issue 11: RSS flat over the soak, here no process more than ` +
      `${(FLAT_GROWTH * 100).toFixed(0)} % above its start): **${flat ? 'met' : 'not met'}**` +
      (flat ? '.' : ` (${grown.map((memory) => memory.name).join(', ')}).`),
  ].join('\n');
}
