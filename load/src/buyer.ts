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

interface BuyerOptions {
  api: Storefront;
  item: Item;
  deadline: number;
  confirmRatio: number;
  stats: RunStats;
}

/**
 * One buyer racing for a seat until the deadline: hold 1 → checkout → pay (or cancel, so seats
 * come back to the others). A refused hold is tried again at once: that is the on-sale rush.
 */
export async function runBuyer({ api, item, deadline, confirmRatio, stats }: BuyerOptions) {
  const email = `buyer-${randomUUID().slice(0, 8)}@example.com`;
  const timed = async (step: Step, call: () => Promise<ApiResponse>) => {
    const started = performance.now();
    try {
      const response = await call();
      stats.latency[step].record(performance.now() - started);
      stats.outcomes.add(step, response.status);
      return response;
    } catch {
      stats.outcomes.add(step, 'network');
      return undefined;
    }
  };

  while (Date.now() < deadline) {
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
