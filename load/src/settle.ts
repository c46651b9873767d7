import type { Item } from '@ticketing/e2e/api';
import { checkInvariants } from '@ticketing/e2e/check-invariants';
import { invariantViolations, outboxBacklog } from '@ticketing/e2e/invariants';
import type { Platform } from '@ticketing/e2e/platform';

export interface SettleReport {
  settled: boolean;
  /** From the call until everything below held at once (or the timeout). */
  afterMs: number;
  /** Unpublished outbox rows per database at the last look. */
  backlog: { main: number; inventory: number; orders: number; total: number };
  /** Messages ready in the three consumers' queues and their retry queues. */
  queued: number;
  /** Messages in each consumer's DLQ (`<queue>.dlq`). */
  deadLettered: Record<string, number>;
  /** What the DLQs hold, `<queue>: <event type> — <x-error>` → count (read and put back). */
  deadLetterReasons: Record<string, number>;
  /**
   * I1–I5 over the three databases (e2e/src/check-invariants.ts, nothing left in flight), and
   * I1–I3 of the run's items through inventory's API (e2e/src/invariants.ts); empty when they hold.
   */
  violations: string[];
}

/**
 * Waits until the three outboxes are published, the consumers' queues are empty, every DLQ is
 * empty and the invariants hold, all at one look; reports the last look either way. Every
 * consumer of §4 must be running: I5 wants each event consumed by each queue bound to it.
 */
export async function waitUntilSettled(
  platform: Platform,
  items: readonly Item[],
  timeoutMs: number,
): Promise<SettleReport> {
  const started = Date.now();
  const look = async (): Promise<SettleReport> => {
    const backlog = await outboxBacklog(platform);
    let queued = 0;
    const deadLettered: Record<string, number> = {};
    for (const names of Object.values(platform.queues)) {
      for (const queue of [names.queue, ...names.delayQueues]) {
        queued += await platform.broker.messageCount(queue);
      }
      deadLettered[names.deadLetterQueue] = await platform.broker.messageCount(
        names.deadLetterQueue,
      );
    }
    // Only asked once nothing is in flight: then the check covers every change there is.
    const inFlight = backlog.total > 0 || queued > 0;
    const violations = inFlight
      ? []
      : [
          ...(await checkInvariants(platform.db, { settleMs: 0 })).violations.map(
            (violation) => `${violation.invariant}: ${violation.message}`,
          ),
          ...(await invariantViolations(platform, platform.api, items)),
        ];
    const settled =
      backlog.total === 0 &&
      queued === 0 &&
      Object.values(deadLettered).every((count) => count === 0) &&
      violations.length === 0;
    const deadLetterReasons: Record<string, number> = {};
    if (settled || Date.now() - started > timeoutMs) {
      for (const [queue, count] of Object.entries(deadLettered)) {
        if (count === 0) continue;
        for (const message of await platform.broker.peek(queue)) {
          const body = message.body as { event_type?: unknown };
          const key = `${queue.replace(/^e2e[0-9a-f]+\./, '')}: ${String(body.event_type)} — ${String(message.headers['x-error'])}`;
          deadLetterReasons[key] = (deadLetterReasons[key] ?? 0) + 1;
        }
      }
    }
    return {
      settled,
      afterMs: Date.now() - started,
      backlog,
      queued,
      deadLettered,
      deadLetterReasons,
      violations,
    };
  };
  for (;;) {
    let report: SettleReport;
    try {
      report = await look();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report = {
        settled: false,
        afterMs: Date.now() - started,
        backlog: { main: -1, inventory: -1, orders: -1, total: -1 },
        queued: -1,
        deadLettered: {},
        deadLetterReasons: {},
        violations: [`could not look: ${message}`],
      };
    }
    if (report.settled || Date.now() - started > timeoutMs) return report;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * I6 after the run: waits until no hold is left pending or active in the web's database and the
 * items hold no seats (every unpaid hold and order past its deadline gave its seats back).
 */
export async function waitUntilSeatsBack(
  platform: Platform,
  items: readonly Item[],
  timeoutMs: number,
): Promise<{ back: boolean; afterMs: number; openHolds: number; held: number }> {
  const started = Date.now();
  for (;;) {
    const [row] = await platform.db.query<{ n: string }>(
      'main',
      `select count(*) as n from holds where status in ('pending', 'active')`,
    );
    const openHolds = Number(row?.n ?? 0);
    let held = 0;
    for (const item of items) {
      held += Number((await platform.api.inventoryItem(item)).body.held_quantity ?? NaN);
    }
    const back = openHolds === 0 && held === 0;
    if (back || Date.now() - started > timeoutMs) {
      return { back, afterMs: Date.now() - started, openHolds, held };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** At most `max` violations in full, then how many more of each invariant. */
export function violationSummary(violations: readonly string[], max = 3): string {
  if (violations.length === 0) return 'none';
  const rest = new Map<string, number>();
  for (const violation of violations.slice(max)) {
    const invariant = violation.split(':')[0] ?? '?';
    rest.set(invariant, (rest.get(invariant) ?? 0) + 1);
  }
  const more = [...rest.entries()].map(([invariant, n]) => `${n} more ${invariant}`).join(', ');
  return `${violations.slice(0, max).join('; ')}${more ? `; ${more}` : ''}`;
}
