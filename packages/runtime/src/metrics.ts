import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  type Metric,
  Registry,
} from 'prom-client';

import type { FrontMetrics, RequestSample } from './front-metrics';

export type MetricLabels = Readonly<Record<string, string>>;

export interface CounterMetric {
  inc(labels?: MetricLabels, value?: number): void;
}

export interface HistogramMetric {
  observe(labels: MetricLabels, value: number): void;
}

/** Sets one labelled value of a gauge read at scrape time. */
export type GaugeSet = (labels: MetricLabels, value: number) => void;

/**
 * What domain code sees of a process's metrics: named families, no prom-client types. The same
 * name asked twice returns the same family (two modules may count into one).
 */
export interface Metrics {
  counter(name: string, help: string, labelNames?: readonly string[]): CounterMetric;
  histogram(
    name: string,
    help: string,
    labelNames?: readonly string[],
    buckets?: readonly number[],
  ): HistogramMetric;
  /**
   * A gauge whose values `collect` sets when Prometheus scrapes (a cheap query, a pool's
   * counters); a collect that throws leaves the gauge empty for that scrape.
   */
  gauge(
    name: string,
    help: string,
    labelNames: readonly string[],
    collect: (set: GaugeSet) => Promise<void> | void,
  ): void;
}

export interface ProcessMetrics extends Metrics {
  readonly registry: Registry;
  /** What the HTTP fronts of the process serve at `/metrics` and observe every request with. */
  readonly front: FrontMetrics;
}

/** Seconds; the hot path answers in a few ms, a page or a slow dependency in up to seconds. */
export const HTTP_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The registry of one process: Node's default process metrics and every family of the process,
 * all with the label `process` (`inventory-consumer`), so one Prometheus sees the seven apart
 * even when two share a host.
 */
export function createProcessMetrics(processName: string): ProcessMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ process: processName });
  collectDefaultMetrics({ register: registry });

  const existing = <T>(name: string, kind: new (...args: never[]) => T): T | undefined => {
    const metric: Metric | undefined = registry.getSingleMetric(name);
    if (metric === undefined) return undefined;
    if (metric instanceof kind) return metric;
    throw new Error(`metric ${name} is already registered as another type`);
  };

  const metrics: Metrics = {
    counter(name, help, labelNames = []) {
      const counter =
        existing(name, Counter) ??
        new Counter({ name, help, labelNames: [...labelNames], registers: [registry] });
      return {
        inc: (labels, value) =>
          labels ? counter.inc(labels, value ?? 1) : counter.inc(value ?? 1),
      };
    },
    histogram(name, help, labelNames = [], buckets) {
      const histogram =
        existing(name, Histogram) ??
        new Histogram({
          name,
          help,
          labelNames: [...labelNames],
          ...(buckets ? { buckets: [...buckets] } : {}),
          registers: [registry],
        });
      return { observe: (labels, value) => histogram.observe(labels, value) };
    },
    gauge(name, help, labelNames, collect) {
      if (existing(name, Gauge)) throw new Error(`gauge ${name} is already registered`);
      new Gauge({
        name,
        help,
        labelNames: [...labelNames],
        registers: [registry],
        async collect() {
          this.reset();
          try {
            await collect((labels, value) => this.set(labels, value));
          } catch {
            // An unreachable source is an empty gauge this scrape, not a failed scrape.
            this.reset();
          }
        },
      });
    },
  };

  const requests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests answered by the front, by method, route (template or procedure) and status',
    labelNames: ['method', 'route', 'status'],
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  const front: FrontMetrics = {
    observe(sample: RequestSample) {
      requests.observe(
        {
          method: KNOWN_METHODS.has(sample.method) ? sample.method : 'OTHER',
          route: sample.route,
          status: statusLabel(sample.status),
        },
        sample.seconds,
      );
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };

  return { ...metrics, registry, front };
}

// Status codes as strings, made once: the label of every request without a new string.
const STATUS_LABELS = Array.from({ length: 600 }, (_, status) => String(status));
const statusLabel = (status: number) => STATUS_LABELS[status] ?? 'other';

export interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** `db_pool_connections{pool, state}` of the process's pools, read when Prometheus scrapes. */
export function registerPoolMetrics(
  metrics: Metrics,
  pools: () => Iterable<{ name: string; pool: PoolStats }>,
): void {
  metrics.gauge(
    'db_pool_connections',
    'PostgreSQL pool connections by state: total open, idle, and clients waiting for one',
    ['pool', 'state'],
    (set) => {
      for (const { name, pool } of pools()) {
        set({ pool: name, state: 'total' }, pool.totalCount);
        set({ pool: name, state: 'idle' }, pool.idleCount);
        set({ pool: name, state: 'waiting' }, pool.waitingCount);
      }
    },
  );
}
