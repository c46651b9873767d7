import type { ClientError } from '../../trpc/client-error';

/** The service is busy or unreachable: the same request may simply be sent again. */
export const isBusy = (error: ClientError) =>
  error.status === 503 || error.status === 429 || error.code === 'network_error';

/** The hold or the payment deadline ran out: the seats are gone back on sale. */
export const isTimeUp = (error: ClientError) =>
  error.code === 'hold_expired' || error.code === 'payment_deadline_passed';

export const BUSY_TITLE = "We're busy, try again";
export const BUSY_TEXT =
  'We could not reach our ticket system just now. Your seats are still held: try again in a moment.';

/** A message for anything not handled on the spot: never a stack trace, always a next step. */
export function fallbackMessage(error: ClientError): { title: string; text: string } {
  if (isBusy(error)) return { title: BUSY_TITLE, text: BUSY_TEXT };
  if (error.code === 'buyer_limit_reached') {
    return {
      title: 'You hold the most seats allowed',
      text: 'One buyer may hold only a few seats of a session at once. Check out or release the seats you hold first.',
    };
  }
  if (error.status === 404) {
    return {
      title: 'We could not find this',
      text: 'It may have been removed. Start again from the event page.',
    };
  }
  return {
    title: 'Something went wrong',
    text: 'Nothing was charged. Try again, or start again from the event page.',
  };
}
