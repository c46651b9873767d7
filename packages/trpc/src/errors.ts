/**
 * Error codes of the public and service contracts, with the HTTP status each one answers.
 * Domain code throws `AppError`; only the API layer turns it into a tRPC or HTTP error.
 */
export const errorStatus = {
  validation_error: 400,
  unauthorized: 401,
  payment_declined: 402,
  not_found: 404,
  conflict: 409,
  capacity_exceeded: 409,
  quantity_below_reserved: 409,
  insufficient_inventory: 409,
  hold_id_conflict: 409,
  hold_released: 409,
  hold_not_active: 409,
  order_not_pending: 409,
  order_not_confirmed: 409,
  item_in_use: 409,
  invalid_transition: 409,
  /** One buyer (e-mail) holding the most seats of a session it may hold at once. */
  buyer_limit_reached: 409,
  hold_expired: 410,
  payment_deadline_passed: 410,
  idempotency_key_reused: 422,
  /** Too many requests from one address; `retry_after_seconds` is also the Retry-After header. */
  rate_limited: 429,
  internal_error: 500,
  inventory_unavailable: 503,
  orders_unavailable: 503,
  broker_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorStatus, value);
}

/**
 * Marks an AppError across copies of this module: Next bundles its own copy for pages, so an error
 * thrown by a gateway the custom server built fails a plain `instanceof` in a server component.
 */
const APP_ERROR = Symbol.for('@ticketing/trpc/app-error');

export class AppError extends Error {
  readonly [APP_ERROR] = true;

  /** `instanceof AppError` holds for an AppError of any copy; subclasses check as usual. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== AppError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && APP_ERROR in value;
  }

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields the client may act on, e.g. `{ available: 3 }`; sent in the error body. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string, id: string) =>
  new AppError('not_found', `${what} ${id} not found`);
