/** Node socket errors that mean "the database went away", not "this event is bad". */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const POOL_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /cannot use a pool after/i,
];

function* causes(error: unknown): Generator<unknown> {
  let current = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/**
 * True when the failure is the database being unreachable (connection exception 08*, operator
 * intervention 57P*, too many connections, socket errors), walking `cause` since Drizzle wraps
 * driver errors. Such a failure says nothing about the event, so it must not use up an attempt.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const cause of causes(error)) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (
        code.startsWith('08') ||
        code.startsWith('57P') ||
        code === '53300' ||
        SOCKET_CODES.has(code)
      )
        return true;
    }
    const message = cause instanceof Error ? cause.message : '';
    if (POOL_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}

/**
 * Thrown by a handler when a service it needs is down (open circuit, connection refused, 503):
 * the failure says nothing about the event, so the consumer retries it later (the delay grows to
 * the last retry delay and stays there) without using up an attempt, for as long as the
 * dependency stays away. Wrap the original failure as `cause`.
 */
export class DependencyUnavailableError extends Error {
  readonly code = 'dependency_unavailable';

  constructor(
    readonly dependency: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} is unavailable`, options);
    this.name = 'DependencyUnavailableError';
  }
}

/** True when the failure is a handler's dependency being down (see `DependencyUnavailableError`). */
export function isDependencyUnavailable(error: unknown): boolean {
  for (const cause of causes(error)) if (cause instanceof DependencyUnavailableError) return true;
  return false;
}
