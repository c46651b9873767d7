import type { ClientError } from '../../trpc/client-error';

/** What the reserve dialog tells the buyer when `holds.create` fails. */
export type HoldProblem =
  | { kind: 'sold_out' }
  | { kind: 'only_left'; available: number }
  /** 503, 429 or no answer: worth the same request again in a moment. */
  | { kind: 'busy' }
  /** Input refused; `email` is the message for the e-mail field, if that was the problem. */
  | { kind: 'invalid'; email?: string }
  /** The ticket type or session is gone (deleted by the organiser). */
  | { kind: 'gone' }
  | { kind: 'unknown' };

const BUSY_STATUSES = new Set([429, 502, 503, 504]);

export function holdProblemOf(error: ClientError): HoldProblem {
  if (error.code === 'insufficient_inventory') {
    const available = error.details.available;
    return typeof available === 'number' && available > 0
      ? { kind: 'only_left', available }
      : { kind: 'sold_out' };
  }
  if (
    error.code === 'inventory_unavailable' ||
    error.code === 'rate_limited' ||
    error.code === 'network_error' ||
    (error.status !== undefined && BUSY_STATUSES.has(error.status))
  ) {
    return { kind: 'busy' };
  }
  if (error.code === 'validation_error') {
    return { kind: 'invalid', email: error.fields.customer_email };
  }
  if (error.code === 'not_found') return { kind: 'gone' };
  return { kind: 'unknown' };
}
