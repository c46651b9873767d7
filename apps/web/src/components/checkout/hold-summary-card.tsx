import { CalendarDays, MapPin, Ticket } from 'lucide-react';

import { formatDateTime, formatPrice } from '../../app/format';
import { Card } from '../ui/card';
import type { HoldSummary } from './types';

/** What is held: the event, its session, the ticket type, quantity, unit price and total. */
export function HoldSummaryCard({ summary }: { summary: HoldSummary }) {
  const { event, session } = summary;
  return (
    <Card className="overflow-hidden">
      {event.image_url && (
        <img
          src={event.image_url}
          alt=""
          className="hidden h-36 w-full bg-slate-100 object-cover sm:block"
        />
      )}
      <div className="space-y-4 p-5">
        <div>
          <p className="text-xs font-semibold tracking-wide text-brand-700 uppercase">Your seats</p>
          <h2 className="mt-1 text-lg leading-snug font-bold text-slate-900">{event.name}</h2>
          <ul className="mt-2 space-y-1 text-sm text-slate-700">
            <li className="flex items-start gap-2">
              <CalendarDays aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-slate-500" />
              <time dateTime={session.starts_at}>{formatDateTime(session.starts_at)}</time>
            </li>
            {event.location && (
              <li className="flex items-start gap-2">
                <MapPin aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-slate-500" />
                {event.location}
              </li>
            )}
          </ul>
        </div>
        <dl className="space-y-2 border-t border-slate-200 pt-4 text-sm">
          <div className="flex items-start justify-between gap-4">
            <dt className="flex items-center gap-2 text-slate-700">
              <Ticket aria-hidden="true" className="size-4 text-slate-500" />
              Ticket type
            </dt>
            <dd className="text-right font-medium text-slate-900">{summary.ticket_type_name}</dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt className="text-slate-700">Quantity</dt>
            <dd className="font-medium text-slate-900">{summary.quantity}</dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt className="text-slate-700">Price per ticket</dt>
            <dd className="font-medium text-slate-900">{formatPrice(summary.unit_price)}</dd>
          </div>
          <div className="flex items-baseline justify-between gap-4 border-t border-slate-200 pt-3">
            <dt className="font-semibold text-slate-900">Total</dt>
            <dd className="text-xl font-bold text-slate-900">{formatPrice(summary.total)}</dd>
          </div>
        </dl>
      </div>
    </Card>
  );
}
