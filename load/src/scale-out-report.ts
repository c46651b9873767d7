import { machineLine } from '@ticketing/bench/report-section';

import { steps } from './buyer';
import { failures } from './fault-windows';
import type { ScaleOutResult } from './scale-out';
import { violationSummary } from './settle';

/** The run as the `load:scale-out` section of docs/benchmarks.md. */
export function scaleOutReport(result: ScaleOutResult, command: string): string {
  const { options, stats, settle, seatsBack, answers } = result;
  const latency = steps.map((step) => {
    const recorder = stats.latency[step];
    return `| ${step} | ${recorder.count} | ${(recorder.count / result.elapsedS).toFixed(1)} | ${recorder.percentile(50).toFixed(0)} | ${recorder.percentile(99).toFixed(0)} |`;
  });
  const work = result.work.map(
    (entry) =>
      `| ${entry.process} | ${entry.instance} | ${entry.kind} (${entry.database}) | ${entry.rows} |`,
  );
  const balancer = result.balancer.map(
    (server) =>
      `| ${server.backend} | ${server.server} | ${server.status} | ${server.requests} | ${server.errors} |`,
  );
  const consumers = Object.entries(result.consumers)
    .map(([queue, count]) => `${queue.replace(/^e2e[0-9a-f]+\./, '')} ${count}`)
    .join(', ');
  const dlq = Object.values(settle.deadLettered).reduce((sum, n) => sum + n, 0);
  const reasons = Object.entries(settle.deadLetterReasons)
    .map(([reason, n]) => `${n} × ${reason}`)
    .join('; ');
  const other = Object.entries(answers.other)
    .map(([key, n]) => `${n} × ${key}`)
    .join(', ');
  return [
    `## Scale-out: ${options.instances} instances of every process behind HAProxy (\`npm run scale-out\`)`,
    '',
    `Command: \`${command}\`. ${options.instances} instances of each process of docs/architecture.md §1 at once ` +
      '(web, web worker, notifications consumer, inventory, inventory consumer, orders, orders worker; tsx children), ' +
      "web, inventory and orders each behind one HAProxy frontend (Debian's HAProxy, config rendered from " +
      '`deploy/haproxy/haproxy.cfg.template`, round robin, health checks on /readyz); the buyers and the web ' +
      `reach the services only through it. ${options.clients} buyers for ${options.seconds} s as in \`npm run load\` ` +
      `(hold 1 → check out → pay ${options.confirmRatio * 100}% / cancel; the per-address limits lifted) on ${options.seats.toLocaleString('en-US')} seats, ` +
      `plus ${result.compensations.rounds} compensation rounds (a paid order whose seat inventory let go and another ` +
      "buyer took: `inventory.commit_failed` → refund and cancel), the only traffic of inventory's relay and the orders " +
      "worker's consumer. Who did what is PostgreSQL's account: each instance's sessions carry its name " +
      '(`PGOPTIONS=-c ticketing.instance=…`) and statement triggers the run adds to its own databases count the rows ' +
      'each session wrote (load/src/instance-evidence.ts).',
    '',
    machineLine(),
    '',
    '| step | requests | req/s | p50 ms | p99 ms |',
    '|---|---|---|---|---|',
    ...latency,
    '',
    `Answers: ${result.requests} requests, ${failures(answers)} without their success (${answers.unavailable} × 503, ` +
      `${answers.noAnswer} without an answer${other ? `, ${other}` : ''}).`,
    '',
    'Work per instance (rows its own sessions wrote):',
    '',
    '| process | instance | work | rows |',
    '|---|---|---|---|',
    ...work,
    '',
    `Every instance did every kind of work it exists for: ${result.idle.length === 0 ? 'yes' : `**NO**: ${result.idle.map((entry) => `${entry.instance} ${entry.kind}`).join(', ')}`}. ` +
      `Consumers per queue (rabbitmqctl, during the load): ${consumers}.`,
    '',
    "HAProxy's counters per server:",
    '',
    '| backend | server | status | answers | 5xx + connection / response errors |',
    '|---|---|---|---|---|',
    ...balancer,
    '',
    'After the load: outboxes drained, queues and DLQs empty, I1–I5 holding over the three databases ' +
      "(e2e/src/check-invariants.ts) and I1–I3 of the items through inventory's API (e2e/src/invariants.ts) " +
      `${settle.settled ? `after ${(settle.afterMs / 1000).toFixed(1)} s` : `**NOT reached** (backlog ${settle.backlog.total}, queued ${settle.queued}, dead-lettered ${dlq}${reasons ? ` (${reasons})` : ''}; ${settle.violations.length} violations: ${violationSummary(settle.violations)})`}; ` +
      `unpaid holds' seats back (I6) ${seatsBack.back ? 'yes' : `**NO** (${seatsBack.openHolds} open holds, ${seatsBack.held} seats held)`}; ` +
      `${result.compensations.compensated} of ${result.compensations.rounds} compensation orders refunded and cancelled. ` +
      `Inventory: ${result.item.committed} committed for ${result.confirmedOrders} confirmed orders, ${result.item.held} held.`,
  ].join('\n');
}
