import { CalendarDays, ExternalLink, Plus, Search } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';

import { PageHeader } from '../../../../components/admin/page-header';
import { Alert } from '../../../../components/ui/alert';
import { buttonClass } from '../../../../components/ui/button';
import { EmptyState } from '../../../../components/ui/empty-state';
import { inputClass } from '../../../../components/ui/field';
import { Table, TableContainer, Td, Th } from '../../../../components/ui/table';
import { requireAdmin } from '../../admin-session';
import { loadEvents } from '../../load-events';

export const metadata: Metadata = { title: 'Catalog' };
export const dynamic = 'force-dynamic';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

export default async function CatalogPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const { caller } = await requireAdmin('/admin/catalog');
  const { q } = await searchParams;
  const query = typeof q === 'string' ? q.trim() : '';
  const { events, truncated } = await loadEvents(caller);
  const needle = query.toLowerCase();
  const shown = (
    needle
      ? events.filter((event) => `${event.name} ${event.location}`.toLowerCase().includes(needle))
      : events
  ).toReversed();

  return (
    <>
      <PageHeader
        title="Catalog"
        description="Events, their sessions and ticket types. Changes show in the shop at once."
        actions={
          <Link href="/admin/catalog/new" className={buttonClass()}>
            <Plus aria-hidden="true" className="size-4" />
            New event
          </Link>
        }
      />
      <form role="search" action="/admin/catalog" className="mb-4 flex max-w-xl gap-2">
        <label htmlFor="catalog-search" className="sr-only">
          Search events
        </label>
        <div className="relative flex-1">
          <Search
            aria-hidden="true"
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-500"
          />
          <input
            id="catalog-search"
            type="search"
            name="q"
            defaultValue={query}
            placeholder="Search by name or location"
            className={`${inputClass} pl-9`}
          />
        </div>
        <button type="submit" className={buttonClass('secondary')}>
          Search
        </button>
      </form>
      {truncated && (
        <Alert tone="warning" title="Only the first 2,000 events are listed" className="mb-4">
          Search by name to narrow the list.
        </Alert>
      )}
      {events.length === 0 ? (
        <EmptyState
          icon={CalendarDays}
          title="No events yet"
          action={
            <Link href="/admin/catalog/new" className={buttonClass()}>
              Create the first event
            </Link>
          }
        >
          Create an event, add its sessions and put ticket types on sale.
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState icon={Search} title="No events match">
          Nothing is called or located “{query}”.{' '}
          <Link href="/admin/catalog" className="underline">
            Show all events
          </Link>
        </EmptyState>
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-600" aria-live="polite">
            {shown.length} {shown.length === 1 ? 'event' : 'events'}
            {query && <> matching “{query}”</>}
          </p>
          <TableContainer label="Events">
            <Table>
              <thead>
                <tr>
                  <Th>Event</Th>
                  <Th>Location</Th>
                  <Th>Created</Th>
                  <Th>
                    <span className="sr-only">In the shop</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {shown.map((event) => (
                  <tr key={event.id} className="hover:bg-slate-50">
                    <Td wrap className="max-w-xs">
                      <div className="flex items-center gap-3">
                        <img
                          src={event.image_url ?? '/images/placeholder.svg'}
                          alt=""
                          className="size-10 shrink-0 rounded-lg bg-slate-100 object-cover"
                        />
                        <Link href={`/admin/catalog/${event.id}`} className="font-semibold">
                          {event.name}
                        </Link>
                      </div>
                    </Td>
                    <Td className="text-slate-700">{event.location}</Td>
                    <Td className="text-slate-700">
                      {dateFormat.format(new Date(event.created_at))}
                    </Td>
                    <Td>
                      <Link
                        href={`/events/${event.id}`}
                        className="inline-flex items-center gap-1 text-sm"
                        aria-label={`${event.name} in the shop`}
                      >
                        In the shop
                        <ExternalLink aria-hidden="true" className="size-3.5" />
                      </Link>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </TableContainer>
        </>
      )}
    </>
  );
}
