import type { Database } from '@ticketing/db/client';

import { type HoldOutcome, type HoldRequest, placeHolds } from './place-holds';

interface Waiting {
  request: HoldRequest;
  resolve: (outcome: HoldOutcome) => void;
  reject: (error: unknown) => void;
}

interface ItemQueue {
  waiting: Waiting[];
  /** Transactions of this item in flight. */
  running: number;
  /** A launch is queued with setImmediate. */
  scheduled: boolean;
}

export interface HoldCoalescerOptions {
  /** Most holds applied in one transaction. */
  maxBatch: number;
  /**
   * Transactions of one item in flight at once. With 2, the next batch already waits on the row
   * lock inside PostgreSQL while the current one commits, so the lock changes hands without a
   * round trip through this process.
   */
  inFlight: number;
  /**
   * false: one transaction per hold, all racing for the row lock (the naive design, kept only so
   * the benchmark can show the difference).
   */
  coalesce: boolean;
}

// Deadlock and serialization failures are PostgreSQL asking for a retry.
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;

/**
 * Group commit for holds. An on-sale rush is many holds on ONE row: one transaction per hold
 * serialises them on the row lock and PostgreSQL's rate collapses as clients pile up. Here every
 * item has at most `inFlight` transactions per process; holds that arrive meanwhile wait and go
 * together in the next one (`placeHolds` keeps their order and per-hold answers). Nothing waits
 * on a timer: an idle item starts a transaction on the next turn of the event loop, and the batch
 * grows with the load.
 */
export class HoldCoalescer {
  private readonly queues = new Map<string, ItemQueue>();

  constructor(
    private readonly db: Database,
    private readonly options: HoldCoalescerOptions,
  ) {}

  hold(request: HoldRequest): Promise<HoldOutcome> {
    return new Promise((resolve, reject) => {
      const waiting = { request, resolve, reject };
      if (!this.options.coalesce) {
        void this.apply([waiting]);
        return;
      }
      const key = `${request.sessionId}/${request.ticketTypeId}`;
      let queue = this.queues.get(key);
      if (!queue) {
        queue = { waiting: [], running: 0, scheduled: false };
        this.queues.set(key, queue);
      }
      queue.waiting.push(waiting);
      this.schedule(key, queue);
    });
  }

  private schedule(key: string, queue: ItemQueue) {
    if (queue.scheduled || queue.running >= this.options.inFlight) return;
    queue.scheduled = true;
    // setImmediate runs after this poll phase, so requests read in the same turn join the batch.
    setImmediate(() => {
      queue.scheduled = false;
      this.launch(key, queue);
    });
  }

  private launch(key: string, queue: ItemQueue) {
    if (queue.running >= this.options.inFlight) return;
    const batch = queue.waiting.splice(0, this.options.maxBatch);
    if (batch.length === 0) {
      if (queue.running === 0 && !queue.scheduled) this.queues.delete(key);
      return;
    }
    queue.running += 1;
    void this.apply(batch).finally(() => {
      queue.running -= 1;
      // What arrived meanwhile goes at once: it has waited a whole transaction already.
      this.launch(key, queue);
    });
    if (queue.waiting.length > 0) this.schedule(key, queue);
  }

  /**
   * Applies a batch in one transaction. When the batch fails because of one hold's data (a value
   * PostgreSQL refuses, or one that cannot even be sent), that hold must not take the whole batch
   * down with it: the batch is split in halves applied one after the other, down to the bad hold,
   * which alone is refused — about 2·log2(n) transactions for one bad hold among n. The halves keep
   * the batch's order, so the answers are still those of the holds applied one after another.
   */
  private async apply(batch: Waiting[]): Promise<void> {
    let outcomes: HoldOutcome[];
    try {
      outcomes = await this.place(batch.map((waiting) => waiting.request));
    } catch (error) {
      if (batch.length > 1 && causedByOneHold(error)) {
        const half = Math.ceil(batch.length / 2);
        await this.apply(batch.slice(0, half));
        await this.apply(batch.slice(half));
        return;
      }
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, index) => {
      const outcome = outcomes[index];
      if (outcome) waiting.resolve(outcome);
      else waiting.reject(new Error('placeHolds answered fewer outcomes than requests'));
    });
  }

  private async place(requests: HoldRequest[]): Promise<HoldOutcome[]> {
    const [first] = requests;
    if (!first) return [];
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.db.transaction((tx) => placeHolds(tx, first, requests));
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && RETRYABLE.has(errorCode(error))) continue;
        throw error;
      }
    }
  }
}

/**
 * Whether a failed batch may owe its failure to one of its holds: PostgreSQL refused a value (class
 * 22, data exception; class 23, integrity constraint violation), or the driver could not encode one
 * (an invalid Date throws a RangeError before the query is sent). Anything else — the connection,
 * the server, a timeout — would fail every hold alone as well, and splitting would only multiply the
 * failing transactions against a database that is already in trouble.
 */
function causedByOneHold(error: unknown): boolean {
  const code = errorCode(error);
  if (code.startsWith('22') || code.startsWith('23')) return true;
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof RangeError) return true;
  }
  return false;
}

function errorCode(error: unknown): string {
  // drizzle wraps the driver's error; the SQLSTATE sits on it or on its cause.
  for (let current = error; typeof current === 'object' && current !== null;) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return '';
}
