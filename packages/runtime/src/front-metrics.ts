import type http from 'node:http';

/** One answered request, as the front's metrics see it. */
export interface RequestSample {
  method: string;
  /** A bounded label: the REST route template, the tRPC procedure, `health`, `page`, `not_found`. */
  route: string;
  status: number;
  seconds: number;
}

/** What an HTTP front needs to serve `/metrics` and time its requests (metrics.ts builds it). */
export interface FrontMetrics {
  observe(sample: RequestSample): void;
  render(): Promise<{ contentType: string; body: string }>;
}

const fronts = new WeakMap<http.Server, (metrics: FrontMetrics) => void>();

/** Called by createHttpFront: how `attachFrontMetrics` reaches that front later. */
export function registerFront(server: http.Server, attach: (metrics: FrontMetrics) => void): void {
  fronts.set(server, attach);
}

/**
 * Gives a front its process's metrics after it was made: the process context does it for every
 * server it serves, so the apps' server factories need no metrics option. False for a server that
 * is not an HTTP front.
 */
export function attachFrontMetrics(server: http.Server, metrics: FrontMetrics): boolean {
  const attach = fronts.get(server);
  attach?.(metrics);
  return attach !== undefined;
}
