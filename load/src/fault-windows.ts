import type { ProcessName } from '@ticketing/e2e/platform';

import type { RequestSample, Step } from './buyer';

/** A process the chaos run kills: the six of the platform and the notifications consumer. */
export type KilledProcess = ProcessName | 'notifications';

/** What a fault takes away: a process (SIGKILL), or RabbitMQ (stopped). */
export type FaultTarget = KilledProcess | 'rabbitmq';

/** One fault as it happened; times in ms since the epoch. */
export interface FaultRecord {
  target: FaultTarget;
  /** 1, 2, … for the kills of one process. */
  round: number;
  /** SIGKILL sent / RabbitMQ stopped. */
  startedAt: number;
  /** Started again / RabbitMQ back. */
  restartedAt: number;
  /** The restarted process answers its ready URL (for RabbitMQ: = restartedAt). */
  readyAt: number;
  /** A relay or consumer did its first work after the restart (a row published, an event consumed). */
  resumedAt?: number;
  /** The work that waited during the fault is done (outbox rows published, queue drained). */
  caughtUpAt?: number;
  /** Not caught up: messages its queue still held beyond its depth before the fault, at the last look. */
  behindBy?: number;
}

/** Requests each process serves: a success of one of these after the kill is its recovery. */
export const affectedSteps: Record<FaultTarget, readonly Step[]> = {
  web: ['hold', 'checkout', 'confirm', 'cancel'],
  inventory: ['hold'],
  orders: ['checkout', 'confirm', 'cancel'],
  webWorker: [],
  inventoryConsumer: [],
  ordersWorker: [],
  notifications: [],
  rabbitmq: [],
};

const success: Record<Step, number> = { hold: 201, checkout: 201, confirm: 200, cancel: 200 };

/** Answers of the requests that overlapped a span of time. */
export interface AnswerCounts {
  requests: number;
  ok: number;
  /** 503 (the web's `inventory_unavailable` / `orders_unavailable`, or no web at all). */
  unavailable: number;
  /** No answer: connection refused or reset, or the client's 15 s timeout. */
  noAnswer: number;
  /** Every other answer that is not the step's success, `step status` → count. */
  other: Record<string, number>;
}

export interface FaultSummary extends FaultRecord {
  /** The first request of an affected step that left after the fault and succeeded came back. */
  firstSuccessAt?: number;
  /** When the fault counts as over: ready, first success and caught up, whichever is last. */
  endedAt: number;
  answers: AnswerCounts;
}

export function emptyCounts(): AnswerCounts {
  return { requests: 0, ok: 0, unavailable: 0, noAnswer: 0, other: {} };
}

export function countAnswer(counts: AnswerCounts, sample: RequestSample): void {
  counts.requests += 1;
  if (sample.status === success[sample.step]) counts.ok += 1;
  else if (sample.status === 503) counts.unavailable += 1;
  else if (sample.status === 'network') counts.noAnswer += 1;
  else {
    const key = `${sample.step} ${sample.status}`;
    counts.other[key] = (counts.other[key] ?? 0) + 1;
  }
}

/** Requests that did not get their step's success. */
export function failures(counts: AnswerCounts): number {
  return counts.requests - counts.ok;
}

/**
 * Each fault with its recovery and the answers of every request that overlapped it (left before
 * its end and came back after its start, so requests cut off in flight count), plus the answers of
 * the requests that overlapped no fault at all: the platform at rest, which should have none.
 */
export function summarizeFaults(
  faults: readonly FaultRecord[],
  samples: readonly RequestSample[],
): { faults: FaultSummary[]; outside: AnswerCounts } {
  const summaries = faults.map((fault): FaultSummary => {
    const steps = affectedSteps[fault.target];
    let firstSuccessAt: number | undefined;
    for (const sample of samples) {
      if (!steps.includes(sample.step) || sample.startedAt < fault.startedAt) continue;
      if (sample.status !== success[sample.step]) continue;
      if (firstSuccessAt === undefined || sample.endedAt < firstSuccessAt) {
        firstSuccessAt = sample.endedAt;
      }
    }
    const endedAt = Math.max(
      fault.readyAt,
      firstSuccessAt ?? 0,
      fault.resumedAt ?? 0,
      fault.caughtUpAt ?? 0,
    );
    return { ...fault, firstSuccessAt, endedAt, answers: emptyCounts() };
  });
  const outside = emptyCounts();
  for (const sample of samples) {
    const window = summaries.find(
      (fault) => sample.startedAt <= fault.endedAt && sample.endedAt >= fault.startedAt,
    );
    countAnswer(window ? window.answers : outside, sample);
  }
  return { faults: summaries, outside };
}
