import { machineLine } from '@ticketing/bench/report-section';

import { steps } from './buyer';
import type { ChaosResult } from './chaos';
import { affectedSteps, type AnswerCounts, failures, type FaultSummary } from './fault-windows';
import { violationSummary } from './settle';

const s = (ms: number) => (ms / 1000).toFixed(1);

function others(counts: AnswerCounts): string {
  const entries = Object.entries(counts.other);
  return entries.length === 0 ? '0' : entries.map(([key, n]) => `${n} (${key})`).join(', ');
}

function recovery(fault: FaultSummary): string {
  if (affectedSteps[fault.target].length > 0) {
    return fault.firstSuccessAt === undefined
      ? 'none seen'
      : `${s(fault.firstSuccessAt - fault.startedAt)} (${affectedSteps[fault.target].length === 1 ? affectedSteps[fault.target][0] : 'any step'})`;
  }
  if (fault.resumedAt === undefined) return 'never worked again';
  const resumed = `${s(fault.resumedAt - fault.startedAt)} (first work)`;
  return fault.caughtUpAt === undefined
    ? `${resumed}, ${fault.behindBy ?? '?'} messages behind after 30 s`
    : `${resumed}, caught up ${s(fault.caughtUpAt - fault.startedAt)}`;
}

const what: Record<FaultSummary['target'], string> = {
  web: 'kill -9 web',
  webWorker: 'kill -9 web worker',
  inventory: 'kill -9 inventory',
  inventoryConsumer: 'kill -9 inventory consumer',
  orders: 'kill -9 orders',
  ordersWorker: 'kill -9 orders worker',
  notifications: 'kill -9 notifications consumer',
  rabbitmq: 'RabbitMQ stopped',
};

/** The run as the `load:chaos` section of docs/benchmarks.md. */
export function chaosReport(result: ChaosResult, command: string): string {
  const { options, stats, settle, seatsBack } = result;
  const runS = (result.loadEndedAt - result.startedAt) / 1000;
  const rows = result.faults.map((fault, index) => {
    const a = fault.answers;
    return (
      `| ${index + 1} | ${what[fault.target]} #${fault.round} | ${s(fault.startedAt - result.startedAt)} | ` +
      `${s(fault.restartedAt - fault.startedAt)} | ${s(fault.readyAt - fault.startedAt)} | ${recovery(fault)} | ` +
      `${a.requests} | ${a.unavailable} | ${a.noAnswer} | ${others(a)} |`
    );
  });
  const byTarget = new Map<string, { faults: number; lost: number; recoveries: number[] }>();
  for (const fault of result.faults) {
    const entry = byTarget.get(fault.target) ?? { faults: 0, lost: 0, recoveries: [] };
    entry.faults += 1;
    entry.lost += failures(fault.answers);
    const over = affectedSteps[fault.target].length > 0 ? fault.firstSuccessAt : fault.resumedAt;
    if (over !== undefined) entry.recoveries.push(over - fault.startedAt);
    byTarget.set(fault.target, entry);
  }
  const summary = [...byTarget.entries()].map(([target, entry]) => {
    const worst = entry.recoveries.length > 0 ? s(Math.max(...entry.recoveries)) : '–';
    const mean =
      entry.recoveries.length > 0
        ? s(entry.recoveries.reduce((sum, ms) => sum + ms, 0) / entry.recoveries.length)
        : '–';
    return `| ${what[target as FaultSummary['target']]} | ${entry.faults} | ${entry.lost} | ${mean} | ${worst} |`;
  });
  const latency = steps.map((step) => {
    const recorder = stats.latency[step];
    return `| ${step} | ${recorder.count} | ${(recorder.count / runS).toFixed(1)} | ${recorder.percentile(50).toFixed(0)} | ${recorder.percentile(99).toFixed(0)} |`;
  });
  const dlq = Object.values(settle.deadLettered).reduce((sum, n) => sum + n, 0);
  const reasons = Object.entries(settle.deadLetterReasons)
    .map(([reason, n]) => `${n} × ${reason}`)
    .join('; ');
  return [
    '## Chaos: kill -9 every process under load (`npm run chaos`)',
    '',
    `Command: \`${command}\`. The whole platform of docs/architecture.md §1 (tsx processes as children, one instance ` +
      `each, the notifications consumer (EVENTS_PREFETCH 10) and the mail sink included) under ${options.clients} buyers that hold 1 seat → check out → pay (${options.confirmRatio * 100}%) or ` +
      `cancel, back-to-back, each purchase under a new e-mail (250 ms pause after a 5xx, a 429 or no answer; the web's per-address hold and checkout ` +
      `limits lifted, every buyer being the harness's one address), on one ticket type of ${options.seats.toLocaleString('en-US')} ` +
      `seats, so the run never sells out and every fault lands on live traffic; holds live ${options.holdTtlSeconds} s. ` +
      'The buyers are no more than the slowest consumer keeps up with at rest: in a 10-buyer run of this command ' +
      'on this machine the notifications consumer sent about 25 e-mails/s against about 34 confirms and cancels/s, ' +
      'so its queue only grew, whatever the faults did. ' +
      `Each process but the mail sink is SIGKILLed ${options.rounds} times in turn and started again ${options.downS} s later; RabbitMQ is ` +
      `stopped once for ${options.brokerDownS} s (the platform's broker proxy drops every connection and refuses new ` +
      'ones, so the shared broker keeps running for everyone else). A fault is over when the process is ready and, ' +
      'for web / inventory / orders, a request of a kind it serves that left after the kill succeeded; for a relay or ' +
      'consumer (and RabbitMQ) when it worked again (a row published, an event consumed) and caught up: every outbox ' +
      'row written before it was back published and its queue no deeper than just before the fault (given 30 s). ' +
      "Requests are counted in a fault's window when they overlap it (left before its end, came back after the kill).",
    '',
    machineLine(),
    '',
    `Load: ${result.requests} requests in ${runS.toFixed(0)} s; ${result.faults.length} faults. Outside every fault window: ` +
      `${result.outside.requests} requests, ${failures(result.outside)} without their success ` +
      `(${result.outside.unavailable} × 503, ${result.outside.noAnswer} without an answer, other: ${others(result.outside)}).`,
    '',
    '| step | requests | req/s | p50 ms | p99 ms |',
    '|---|---|---|---|---|',
    ...latency,
    '',
    'Per kind of fault (recovery: from the kill to the next successful request of the kind the process serves, or to ' +
      "a relay's or consumer's first work after its restart):",
    '',
    '| fault | times | requests without success | mean recovery s | worst s |',
    '|---|---|---|---|---|',
    ...summary,
    '',
    'Every fault (seconds from the start of the load; "restart" and "ready" from the kill):',
    '',
    '| # | fault | at s | restart s | ready s | recovered s | requests in window | 503 | no answer | other answers |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'After the load: outboxes drained, queues and DLQs empty, I1–I5 holding over the three databases ' +
      '(`checkInvariants` of e2e/src/check-invariants.ts, what `npm run check:invariants` runs, nothing left in flight) ' +
      "and I1–I3 of the item through inventory's API (e2e/src/invariants.ts) " +
      `${settle.settled ? `after ${s(settle.afterMs)} s` : `**NOT reached** in ${s(settle.afterMs)} s`} ` +
      `(backlog ${settle.backlog.total}, queued ${settle.queued}, dead-lettered ${dlq}${reasons ? ` (${reasons})` : ''}` +
      `${settle.violations.length > 0 ? `, ${settle.violations.length} violations: ${violationSummary(settle.violations)}` : ''}); ` +
      `every unpaid hold's seats back (I6) ${seatsBack.back ? `after ${s(seatsBack.afterMs)} s more` : `**NOT** (${seatsBack.openHolds} open holds, ${seatsBack.held} seats held)`}. ` +
      `Inventory at the end: ${result.item.committed} committed, ${result.item.held} held, ${result.item.available.toLocaleString('en-US')} available of ${result.item.total.toLocaleString('en-US')}; ` +
      `${result.confirmedOrders} confirmed orders in the orders database (${stats.confirmedOrders.size} seen confirmed by the buyers; ` +
      'a confirm whose answer a kill cut off is confirmed without the buyer knowing).' +
      (result.problems.length > 0 ? ` Problems: ${result.problems.join('; ')}.` : ''),
  ].join('\n');
}
