import { randomUUID } from 'node:crypto';

import autocannon from 'autocannon';

export interface RushResult {
  connections: number;
  seconds: number;
  holdsPerSecond: number;
  succeeded: number;
  refused: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface RushOptions {
  url: string;
  sessionId: string;
  ticketTypeId: string;
  connections: number;
  seconds: number;
}

/**
 * `connections` clients each holding 1 seat of one item over tRPC (`POST /trpc/hold`, the path the
 * web's typed client uses), back to back, every hold with a fresh id.
 */
export async function rush(options: RushOptions): Promise<RushResult> {
  const latencies: number[] = [];
  const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: `${options.url}/trpc/hold`,
      connections: options.connections,
      duration: options.seconds,
      timeout: 10,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({
              hold_id: randomUUID(),
              session_id: options.sessionId,
              ticket_type_id: options.ticketTypeId,
              quantity: 1,
              expires_at: expiresAt,
            }),
          }),
        },
      ],
    },
    (error: unknown, result: autocannon.Result) => (error ? fail(error) : finish(result)),
  );
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await done;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const succeeded = result['2xx'];
  return {
    connections: options.connections,
    seconds: options.seconds,
    holdsPerSecond: succeeded / options.seconds,
    succeeded,
    refused: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: latencies.at(-1) ?? NaN,
  };
}
