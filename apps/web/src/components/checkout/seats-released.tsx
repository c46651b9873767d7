import { TimerOff } from 'lucide-react';
import Link from 'next/link';

import { buttonClass } from '../ui/button';

export type ReleaseReason = 'time_up' | 'payment_deadline' | 'released' | 'cancelled';

const explanations: Record<ReleaseReason, string> = {
  time_up:
    'The time to complete your order ran out, so the seats went back on sale. Nothing was charged.',
  payment_deadline:
    'The hold ran out before the payment arrived, so the order was not paid and the seats went back on sale. Nothing was charged.',
  released: 'You gave these seats up, so they are back on sale. Nothing was charged.',
  cancelled: 'This order was cancelled and its seats went back on sale. Nothing was charged.',
};

/** The end of a checkout that did not happen, in plain words, with the way back to the event. */
export function SeatsReleased({ reason, eventId }: { reason: ReleaseReason; eventId: string }) {
  return (
    <div className="rounded-2xl bg-white p-6 text-center shadow-sm ring-1 ring-slate-200 sm:p-10">
      <span className="mx-auto flex size-12 items-center justify-center rounded-full bg-amber-100 text-amber-800">
        <TimerOff aria-hidden="true" className="size-6" />
      </span>
      <h2 className="mt-4 text-xl font-bold text-slate-900">Your seats were released</h2>
      <p className="mx-auto mt-2 max-w-md text-slate-700">{explanations[reason]}</p>
      <p className="mt-2 text-sm text-slate-600">
        If seats are still available you can hold them again.
      </p>
      <div className="mt-6 flex justify-center">
        <Link href={`/events/${eventId}`} className={buttonClass('primary', 'lg')}>
          Back to the event
        </Link>
      </div>
    </div>
  );
}
