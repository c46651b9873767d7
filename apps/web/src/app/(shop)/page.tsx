import { STOREFRONT_PAGE_SIZE } from '@ticketing/trpc/public/storefront';
import { CalendarSearch, Ticket } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';

import {
  filterSearch,
  filterWindow,
  isFiltered,
  parseEventFilter,
} from '../../components/storefront/event-filter';
import { EventFilters } from '../../components/storefront/event-filters';
import { UpcomingEventList } from '../../components/storefront/upcoming-event-list';
import { buttonClass } from '../../components/ui/button';
import { serverCaller } from '../../server/caller';

// Next renders every request it is handed: the unfiltered page is kept per catalog version by the
// page cache in front of Next (server/http/page-cache.ts), which sees admin writes; a render kept
// by Next itself would not. Seat counts are read by the browser (UpcomingEventList).
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Upcoming events' };

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const filter = parseEventFilter(await searchParams);
  const q = filter.q || undefined;
  const input = { q, ...filterWindow(filter, new Date()), limit: STOREFRONT_PAGE_SIZE };
  const firstPage = await serverCaller().storefront.upcoming(input);
  // The list starts over whenever the URL's filter changes.
  const filterKey = filterSearch(filter) || 'all';

  return (
    <>
      <div className="max-w-2xl">
        <h1 className="text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">
          Upcoming events
        </h1>
        <p className="mt-2 text-base text-slate-600 sm:text-lg">
          Concerts, theatre and conferences. Pick a date, hold your seats, and pay when you are
          ready.
        </p>
      </div>

      <div className="mt-8">
        <EventFilters initial={filter} />
      </div>

      <div className="mt-8">
        {firstPage.results.length > 0 ? (
          <UpcomingEventList key={filterKey} input={input} firstPage={firstPage} />
        ) : isFiltered(filter) ? (
          <EmptyResult
            icon={<CalendarSearch aria-hidden="true" className="size-8 text-slate-400" />}
            title="No events match"
            action={
              <Link href="/" className={buttonClass('secondary')}>
                Clear filters
              </Link>
            }
          >
            Nothing on sale fits {q ? <>“{q}”</> : 'these dates'}
            {q && filter.date !== 'any' ? ' on these dates' : ''}. Try other words or another date.
          </EmptyResult>
        ) : (
          <EmptyResult
            icon={<Ticket aria-hidden="true" className="size-8 text-slate-400" />}
            title="No events yet"
          >
            New events are announced here first. Check back soon.
          </EmptyResult>
        )}
      </div>
    </>
  );
}

function EmptyResult({
  icon,
  title,
  action,
  children,
}: {
  icon: ReactNode;
  title: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center rounded-2xl border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
      {icon}
      <h2 className="mt-3 text-lg font-semibold text-slate-900">{title}</h2>
      <p className="mt-1 max-w-md text-sm text-slate-600">{children}</p>
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
}
