import type { Metrics } from '@ticketing/runtime/metrics';

type CircuitState = 'closed' | 'open' | 'half-open';

const STATE_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * `circuit_breaker_state{service}` of the guarded clients (guarded-client.ts): 0 closed,
 * 1 half-open, 2 open, read from the breaker when Prometheus scrapes.
 */
export function registerCircuitMetrics(
  metrics: Metrics,
  circuits: Readonly<Record<string, { circuitState(): CircuitState }>>,
): void {
  metrics.gauge(
    'circuit_breaker_state',
    'Circuit breaker of a service client: 0 closed, 1 half-open, 2 open',
    ['service'],
    (set) => {
      for (const [service, client] of Object.entries(circuits)) {
        set({ service }, STATE_VALUE[client.circuitState()]);
      }
    },
  );
}
