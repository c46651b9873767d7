import type { Metrics } from '@ticketing/runtime/metrics';

import type { HoldOutcome } from '../inventory/place-holds';

export type HoldOutcomeObserver = (outcome: HoldOutcome['outcome']) => void;

/**
 * `holds_placed_total` (a hold held or found committed) and `holds_refused_total{reason}` of
 * inventory's hold procedure; the label sets are made here once, not per call.
 */
export function holdOutcomeMetrics(metrics: Metrics): HoldOutcomeObserver {
  const placed = metrics.counter('holds_placed_total', 'Holds placed (seats reserved)');
  const refused = metrics.counter('holds_refused_total', 'Holds refused, by reason', ['reason']);
  const reasons = {
    insufficient: { reason: 'insufficient_inventory' },
    released: { reason: 'hold_released' },
    conflict: { reason: 'hold_id_conflict' },
    item_not_found: { reason: 'not_found' },
  } as const;
  placed.inc(undefined, 0);
  for (const labels of Object.values(reasons)) refused.inc(labels, 0);
  return (outcome) => {
    if (outcome === 'held' || outcome === 'committed') placed.inc();
    else refused.inc(reasons[outcome]);
  };
}
