import type { PaymentProvider, RefundRequest } from './provider';

export interface RefundLedgerOptions {
  /** How long a successful refund is remembered; longer than the consumer's retry horizon. */
  rememberMs?: number;
}

/**
 * Refunds asked of the provider ahead of the transaction that records them. A refund must never run
 * inside that transaction: a rollback after it (a failed commit, a crash) would leave the money
 * refunded and the database saying it is not, and the redelivery would ask again. So the consumer
 * asks first (`refundAhead`, idempotent by key, so a crash after it and the redelivery's second ask
 * are one refund), and the transaction's compensation is handed `settled`, a provider that makes no
 * call at all: it only checks that this very refund was made ahead, and refuses (rolling the
 * transaction back, for a retry) when it was not.
 *
 * Within one process the same key is asked once: a duplicate delivery arriving while the first is
 * in flight, or soon after, shares its answer. Another process may ask again; the key makes that
 * the same refund.
 */
export function createRefundLedger(provider: PaymentProvider, options: RefundLedgerOptions = {}) {
  const rememberMs = options.rememberMs ?? 15 * 60_000;
  const asked = new Map<string, { done: Promise<void>; settledAt: number | null }>();

  const forgetOld = (now: number) => {
    for (const [key, entry] of asked) {
      if (entry.settledAt !== null && now - entry.settledAt > rememberMs) asked.delete(key);
    }
  };

  const refundAhead = (request: RefundRequest): Promise<void> => {
    forgetOld(Date.now());
    const known = asked.get(request.idempotencyKey);
    if (known) return known.done;
    const entry: { done: Promise<void>; settledAt: number | null } = {
      done: provider.refund(request).then(
        () => {
          entry.settledAt = Date.now();
        },
        (error: unknown) => {
          // Not refunded as far as we know: the next delivery asks again, under the same key.
          asked.delete(request.idempotencyKey);
          throw error;
        },
      ),
      settledAt: null,
    };
    asked.set(request.idempotencyKey, entry);
    return entry.done;
  };

  const settled: PaymentProvider = {
    name: provider.name,
    charge: () => Promise.reject(new Error('the refund ledger does not charge')),
    async refund(request) {
      const entry = asked.get(request.idempotencyKey);
      if (!entry || entry.settledAt === null) {
        throw new Error(`refund ${request.idempotencyKey} was not made ahead of its transaction`);
      }
    },
  };

  return { refundAhead, settled };
}

export type RefundLedger = ReturnType<typeof createRefundLedger>;
