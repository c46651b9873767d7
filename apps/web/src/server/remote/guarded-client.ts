import type { Logger } from '@ticketing/log/logger';
import { currentRequestId,REQUEST_ID_HEADER } from '@ticketing/log/request-context';
import type { CallOptions, Contract, ContractClient } from '@ticketing/trpc/contract';
import { AppError } from '@ticketing/trpc/errors';
import CircuitBreaker from 'opossum';

export type UnavailableCode = 'inventory_unavailable' | 'orders_unavailable';

/**
 * Whether a failed call may have reached the service: `not_sent` (open circuit, connection refused)
 * means it certainly did nothing; `unknown` (timeout, connection lost mid-call, a 500) means it
 * may have done its work, so a caller must not undo its own side as if it had not.
 */
export type CallOutcome = 'not_sent' | 'unknown';

/** A service could not be reached, or did not answer in time: 503 with the service's code. */
export class ServiceUnavailableError extends AppError {
  constructor(
    code: UnavailableCode,
    message: string,
    readonly outcome: CallOutcome,
    /**
     * The service is down (open circuit, connection refused), as opposed to one call failing or
     * being refused: a retry later is the only remedy, so queue consumers do not count it as an attempt.
     */
    readonly serviceDown = false,
  ) {
    super(code, message);
    this.name = 'ServiceUnavailableError';
  }
}

export interface GuardOptions<C extends Contract> {
  /** For messages and logs, e.g. `inventory`. */
  service: string;
  unavailableCode: UnavailableCode;
  /** Per-call timeout; `timeouts` overrides it for single procedures. */
  timeoutMs: number;
  timeouts?: Partial<Record<keyof C & string, number>>;
  /** How long the open circuit fails calls at once before one trial call may pass. */
  resetTimeoutMs?: number;
  logger?: Logger;
}

export type GuardedClient<C extends Contract> = ContractClient<C> & {
  /** `closed`, `open` or `half-open`; for health output and tests. */
  circuitState(): 'closed' | 'open' | 'half-open';
  shutdown(): void;
};

type AnyCall = (input: unknown, options?: CallOptions) => Promise<unknown>;

/** Failures before which the circuit never opens, within its 10 s rolling window. */
const VOLUME_THRESHOLD = 5;

/**
 * Wraps a typed service client: every call gets a timeout (its fetch is aborted), the request id
 * header of the current request, and goes through one circuit breaker per service (opossum).
 * Transport failures, timeouts and 5xx count against the circuit and come out as
 * `ServiceUnavailableError` (503); a domain error of the service (`AppError`: 400, 404, 409…) is an
 * answer, passes through unchanged and never trips the circuit, nor does any other 4xx. While the circuit is open, calls
 * fail at once instead of waiting for a dead service.
 */
export function guardClient<C extends Contract>(
  createClient: (headers: () => Record<string, string>) => ContractClient<C>,
  options: GuardOptions<C>,
): GuardedClient<C> {
  const client = createClient((): Record<string, string> => {
    const requestId = currentRequestId();
    return requestId ? { [REQUEST_ID_HEADER]: requestId } : {};
  });
  const breaker = new CircuitBreaker<[() => Promise<unknown>], unknown>((call) => call(), {
    // The call's own AbortSignal is the timeout: it also cancels the request.
    timeout: false,
    errorThresholdPercentage: 50,
    volumeThreshold: VOLUME_THRESHOLD,
    rollingCountTimeout: 10_000,
    resetTimeout: options.resetTimeoutMs ?? 5_000,
    // A refusal the caller caused (400, 404, 409, 413…) is an answer of a healthy service: it
    // never counts, or a burst of bad requests would open the circuit for every buyer.
    errorFilter: isClientError,
  });
  const log = options.logger;
  breaker.on('open', () => log?.warn({ service: options.service }, 'circuit opened'));
  breaker.on('halfOpen', () => log?.info({ service: options.service }, 'circuit half-open'));
  breaker.on('close', () => log?.info({ service: options.service }, 'circuit closed'));

  const unavailable = (message: string, outcome: CallOutcome, serviceDown = false) =>
    new ServiceUnavailableError(options.unavailableCode, message, outcome, serviceDown);

  const calls = client as unknown as Record<string, AnyCall>;
  const guarded = Object.fromEntries(
    Object.keys(client).map((name) => {
      const call = calls[name];
      const timeoutMs = options.timeouts?.[name as keyof C & string] ?? options.timeoutMs;
      const run: AnyCall = async (input) => {
        if (!call) throw new Error(`no procedure ${name}`);
        try {
          return await breaker.fire(() => call(input, { signal: AbortSignal.timeout(timeoutMs) }));
        } catch (error) {
          if (error instanceof AppError) throw error;
          if (isClientError(error)) {
            // A 4xx without a contract code (413, 415, parse_error): the web sent what the service
            // refuses. Nothing was done there, and it says nothing about the service's health.
            log?.error({ err: error, service: options.service, procedure: name }, 'call refused');
            throw unavailable(`${options.service} refused the call`, 'not_sent');
          }
          if (errorCode(error) === 'EOPENBREAKER') {
            throw unavailable(
              `${options.service} is unavailable; try again shortly`,
              'not_sent',
              true,
            );
          }
          log?.warn({ err: error, service: options.service, procedure: name }, 'call failed');
          if (isTimeout(error)) {
            throw unavailable(
              `${options.service} did not answer within ${timeoutMs} ms`,
              'unknown',
            );
          }
          if (neverSent(error)) {
            throw unavailable(`${options.service} is unreachable`, 'not_sent', true);
          }
          throw unavailable(`${options.service} failed to answer`, 'unknown');
        }
      };
      return [name, run];
    }),
  ) as ContractClient<C>;

  return Object.assign(guarded, {
    circuitState: () =>
      breaker.opened
        ? ('open' as const)
        : breaker.halfOpen
          ? ('half-open' as const)
          : ('closed' as const),
    shutdown: () => breaker.shutdown(),
  });
}

/** Errors of the cause chain (TRPCClientError → TypeError('fetch failed') → system error). */
function* causes(error: unknown): Generator<unknown> {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    yield current;
    // Happy eyeballs reports every address it tried at once.
    if (current instanceof AggregateError) yield* current.errors;
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
}

/** The HTTP status of a tRPC error answer (`data.httpStatus` of its shape), if it was one. */
function httpStatusOf(error: unknown): number | undefined {
  for (const cause of causes(error)) {
    const data =
      typeof cause === 'object' && cause !== null ? (cause as { data?: unknown }).data : undefined;
    const status =
      typeof data === 'object' && data !== null
        ? (data as { httpStatus?: unknown }).httpStatus
        : undefined;
    if (typeof status === 'number') return status;
  }
  return undefined;
}

/** 4xx: the service answered and refused what it was sent. A 5xx AppError still counts. */
function isClientError(error: unknown): boolean {
  if (error instanceof AppError) return error.status < 500;
  const status = httpStatusOf(error);
  return status !== undefined && status >= 400 && status < 500;
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { code?: unknown }).code
    : undefined;
}

const isTimeout = (error: unknown) =>
  [...causes(error)].some(
    (cause) =>
      cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError'),
  );

/** Connection-level refusals: the request never reached the service. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const neverSent = (error: unknown) =>
  [...causes(error)].some((cause) => {
    const code = errorCode(cause);
    return typeof code === 'string' && NOT_SENT.has(code);
  });
