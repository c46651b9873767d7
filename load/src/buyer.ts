import { randomUUID } from 'node:crypto';

import type { ApiResponse, Item, Storefront } from '@ticketing/e2e/api';

import { LatencyRecorder, type OutcomeCounter } from './latency';

export type Step = 'hold' | 'checkout' | 'confirm' | 'cancel';
export const steps: readonly Step[] = ['hold', 'checkout', 'confirm', 'cancel'];

export interface RunStats {
  latency: Record<Step, LatencyRecorder>;
  outcomes: OutcomeCounter;
  /** Orders the harness saw confirmed (200 on confirm). */
  confirmedOrders: Set<string>;
}

export function newStats(outcomes: OutcomeCounter): RunStats {
  const latency = Object.fromEntries(steps.map((step) => [step, new LatencyRecorder()]));
  return {
    latency: latency as Record<Step, LatencyRecorder>,
    outcomes,
    confirmedOrders: new Set(),
  };
}

/** One request as the buyer saw it: when it left and came back (ms since the epoch), and how. */
export interface RequestSample {
  step: Step;
  /** HTTP status, or `network` for no answer (refused, reset, timed out). */
  status: number | 'network';
  startedAt: number;
  endedAt: number;
}

interface BuyerOptions {
  api: Storefront;
  item: Item;
  deadline: number;
  confirmRatio: number;
  stats: RunStats;
  /** Sees every request (fault windows of `npm run chaos`). */
  observe?: (sample: RequestSample) => void;
  /**
   * Pause after a 5xx, a 429 or no answer before the next request, as a real client backs off;
   * without it a buyer of a dead web would spin on refused connections (default 0: the rush).
   */
  pauseAfterFailureMs?: number;
  /** Ends the buyer before the deadline (a run whose length depends on its faults). */
  signal?: AbortSignal;
  /**
   * Each purchase under another e-mail: one client stands for a stream of buyers, so a long run
   * never meets the web's seats-per-buyer cap (default false: one buyer racing for a seat).
   */
  newBuyerEachPurchase?: boolean;
}

/**
 * One buyer racing for a seat until the deadline: hold 1 → checkout → pay (or cancel, so seats
 * come back to the others). A refused hold is tried again at once: that is the on-sale rush.
 */
export async function runBuyer(options: BuyerOptions) {
  const { api, item, deadline, confirmRatio, stats, observe } = options;
  const pauseAfterFailureMs = options.pauseAfterFailureMs ?? 0;
  const newEmail = () => `buyer-${randomUUID().slice(0, 8)}@example.com`;
  let email = newEmail();
  const timed = async (step: Step, call: () => Promise<ApiResponse>) => {
    const started = performance.now();
    const startedAt = Date.now();
    let status: number | 'network' = 'network';
    try {
      const response = await call();
      status = response.status;
      stats.latency[step].record(performance.now() - started);
      stats.outcomes.add(step, response.status);
      return response;
    } catch {
      stats.outcomes.add(step, 'network');
      return undefined;
    } finally {
      observe?.({ step, status, startedAt, endedAt: Date.now() });
      if (pauseAfterFailureMs > 0 && (status === 'network' || status === 429 || status >= 500)) {
        await new Promise((resolve) => setTimeout(resolve, pauseAfterFailureMs));
      }
    }
  };

  while (Date.now() < deadline && !options.signal?.aborted) {
    if (options.newBuyerEachPurchase) email = newEmail();
    const hold = await timed('hold', () => api.hold(item, 1, email));
    if (hold?.status !== 201) continue;
    const holdId = String(hold.body.hold_id);
    const checkout = await timed('checkout', () => api.checkout(holdId, { email }));
    if (checkout?.status !== 201) continue;
    const orderId = String(checkout.body.order_id);
    if (Math.random() < confirmRatio) {
      const confirm = await timed('confirm', () => api.confirm(orderId));
      if (confirm?.status === 200) stats.confirmedOrders.add(orderId);
    } else {
      await timed('cancel', () => api.cancel(orderId));
    }
  }
}
