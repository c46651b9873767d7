import type { UpcomingEvent } from '@ticketing/trpc/public/storefront';
import { CalendarDays, MapPin } from 'lucide-react';
import Link from 'next/link';
import type { Ref } from 'react';

import { formatPrice } from '../../app/format';
import { availabilityStatus } from './availability';
import { AvailabilityBadge } from './availability-badge';
import { formatCardDate } from './event-dates';

const PLACEHOLDER_IMAGE = '/images/placeholder.svg';

/**
 * One event of the home page. The name's link covers the whole card (one stop for the keyboard,
 * the whole card for a pointer); the card shows the ring while that link has the focus.
 */
export function EventCard({
  event,
  available,
  eager = false,
  linkRef,
}: {
  event: UpcomingEvent;
  /** Seats left as this browser read them; null until it has (the card claims none meanwhile). */
  available: number | null;
  /** The first row of cards loads its images at once; the rest when scrolled to. */
  eager?: boolean;
  linkRef?: Ref<HTMLAnchorElement>;
}) {
  return (
    <article className="group relative flex w-full flex-col overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200 transition-shadow hover:shadow-md has-[a:focus-visible]:outline-2 has-[a:focus-visible]:outline-offset-2 has-[a:focus-visible]:outline-brand-600">
      <div className="aspect-[16/9] overflow-hidden bg-slate-100">
        <img
          src={event.image_url ?? PLACEHOLDER_IMAGE}
          alt=""
          width={1600}
          height={900}
          loading={eager ? 'eager' : 'lazy'}
          className="size-full object-cover transition-transform duration-300 group-hover:scale-[1.03]"
        />
      </div>
      <div className="flex flex-1 flex-col p-5">
        <p className="flex items-center gap-1.5 text-sm font-semibold text-brand-700">
          <CalendarDays aria-hidden="true" className="size-4 shrink-0" />
          <time dateTime={event.next_starts_at}>{formatCardDate(event.next_starts_at)}</time>
        </p>
        <h2 className="mt-2 text-lg/snug font-semibold text-slate-900">
          <Link
            ref={linkRef}
            href={`/events/${event.id}`}
            className="text-slate-900 no-underline after:absolute after:inset-0 hover:no-underline focus-visible:outline-none"
          >
            {event.name}
          </Link>
        </h2>
        <p className="mt-1 flex items-start gap-1.5 text-sm text-slate-600">
          <MapPin aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          {event.location}
        </p>
        <div className="mt-auto pt-5">
          <div className="flex items-center justify-between gap-3 border-t border-slate-100 pt-4">
            {event.from_price !== null ? (
              <>
                <p className="text-sm text-slate-600">
                  From{' '}
                  <span className="text-base font-semibold text-slate-900">
                    {formatPrice(event.from_price)}
                  </span>
                </p>
                <AvailabilityBadge
                  status={available === null ? null : availabilityStatus(available, event.capacity)}
                />
              </>
            ) : (
              <p className="text-sm text-slate-600">Tickets on sale soon</p>
            )}
          </div>
        </div>
      </div>
    </article>
  );
}
