'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  type ColumnDef,
  type SortingState,
  flexRender,
  getCoreRowModel,
  useReactTable,
} from '@tanstack/react-table';
import {
  ArrowDown,
  ArrowUp,
  ChevronLeft,
  ChevronRight,
  Download,
  ReceiptText,
  Search,
} from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useMemo, useState } from 'react';
import type { OrderSort } from '@ticketing/trpc/orders/contract';
import { formatPrice } from '../../../app/format';
import { clientErrorOf } from '../../../trpc/client-error';
import { useTRPC } from '../../../trpc/react';
import { Alert } from '../../ui/alert';
import { Button, buttonClass } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { Field, inputClass } from '../../ui/field';
import { SelectField } from '../../ui/select-field';
import { Skeleton } from '../../ui/skeleton';
import { Table, TableContainer, Td, Th } from '../../ui/table';
import { type OrderFilters, filtersFrom, filtersToSearch, listInput } from './order-filters';
import { OrderStatusBadge } from './order-status-badge';

const PAGE_SIZE = 25;

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export interface OrderRow {
  order_id: string;
  status: string;
  total: string;
  customer_email: string;
  customer_name: string | null;
  created_at: string;
  cancel_reason?: string | null;
  items: { quantity: number; event_name?: string | null }[];
}

const ticketsOf = (order: OrderRow) => order.items.reduce((sum, item) => sum + item.quantity, 0);
const eventsOf = (order: OrderRow) =>
  [...new Set(order.items.map((item) => item.event_name).filter(Boolean))].join(', ') || '—';

const columns: ColumnDef<OrderRow>[] = [
  {
    id: 'order',
    header: 'Order',
    enableSorting: false,
    cell: ({ row }) => (
      <Link
        href={`/admin/orders/${row.original.order_id}`}
        className="font-mono text-sm font-semibold"
        aria-label={`Order ${row.original.order_id}`}
      >
        {row.original.order_id.slice(0, 8)}
      </Link>
    ),
  },
  {
    id: 'created_at',
    header: 'Date',
    accessorFn: (order) => order.created_at,
    cell: ({ getValue }) => dateTime.format(new Date(String(getValue()))),
  },
  {
    id: 'customer',
    header: 'Customer',
    enableSorting: false,
    cell: ({ row }) => (
      <div className="max-w-[16rem]">
        <div className="truncate font-medium text-slate-900">
          {row.original.customer_name ?? '—'}
        </div>
        <div className="truncate text-slate-600">{row.original.customer_email}</div>
      </div>
    ),
  },
  {
    id: 'event',
    header: 'Event',
    enableSorting: false,
    cell: ({ row }) => <div className="max-w-[14rem] truncate">{eventsOf(row.original)}</div>,
  },
  {
    id: 'tickets',
    header: 'Tickets',
    enableSorting: false,
    cell: ({ row }) => <span className="tabular-nums">{ticketsOf(row.original)}</span>,
  },
  {
    id: 'status',
    header: 'Status',
    enableSorting: false,
    cell: ({ row }) => (
      <OrderStatusBadge status={row.original.status} reason={row.original.cancel_reason} />
    ),
  },
  {
    id: 'total',
    header: 'Total',
    accessorFn: (order) => Number(order.total),
    cell: ({ row }) => (
      <span className="tabular-nums font-medium">{formatPrice(row.original.total)}</span>
    ),
  },
];

/** The table's sort as the orders service's `sort` (it pages in that order). */
function sortOf(sorting: SortingState): OrderSort | undefined {
  const [rule] = sorting;
  if (!rule) return undefined;
  return `${rule.id === 'total' ? 'total' : 'created'}_${rule.desc ? 'desc' : 'asc'}`;
}

const sortLabels: Record<OrderSort, string> = {
  created_desc: 'newest first',
  created_asc: 'oldest first',
  total_desc: 'highest total first',
  total_asc: 'lowest total first',
};
const sortLabel = (sort: OrderSort | undefined) => sortLabels[sort ?? 'created_desc'];

function FiltersBar({
  filters,
  events,
  onChange,
}: {
  filters: OrderFilters;
  events: { id: string; name: string }[];
  onChange: (filters: OrderFilters) => void;
}) {
  const [q, setQ] = useState(filters.q);
  const submitSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onChange({ ...filters, q: q.trim() });
  };
  return (
    <div className="mb-4 grid gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 md:grid-cols-2 xl:grid-cols-[minmax(14rem,2fr)_minmax(9rem,1fr)_minmax(10rem,1.5fr)_minmax(9.5rem,1fr)_minmax(9.5rem,1fr)]">
      <form role="search" onSubmit={submitSearch} className="md:col-span-2 xl:col-span-1">
        <label htmlFor="orders-search" className="block text-sm font-medium text-slate-800">
          Search orders
        </label>
        <div className="relative mt-1">
          <Search
            aria-hidden="true"
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-500"
          />
          <input
            id="orders-search"
            type="search"
            value={q}
            onChange={(event) => setQ(event.target.value)}
            onBlur={() => q.trim() !== filters.q && onChange({ ...filters, q: q.trim() })}
            placeholder="E-mail or order number"
            aria-describedby="orders-search-hint"
            className={`${inputClass} pl-9`}
          />
        </div>
        <p id="orders-search-hint" className="sr-only">
          Press Enter to search
        </p>
      </form>
      <SelectField
        label="Status"
        value={filters.status}
        onChange={(event) =>
          onChange({ ...filters, status: event.target.value as OrderFilters['status'] })
        }
      >
        <option value="">All statuses</option>
        <option value="pending">Pending</option>
        <option value="confirmed">Confirmed</option>
        <option value="cancelled">Cancelled</option>
      </SelectField>
      <SelectField
        label="Event"
        value={filters.event}
        onChange={(event) => onChange({ ...filters, event: event.target.value })}
      >
        <option value="">All events</option>
        {events.map((event) => (
          <option key={event.id} value={event.id}>
            {event.name}
          </option>
        ))}
      </SelectField>
      <Field
        label="From"
        type="date"
        value={filters.from}
        max={filters.to || undefined}
        onChange={(event) => onChange({ ...filters, from: event.target.value })}
      />
      <Field
        label="To"
        type="date"
        value={filters.to}
        min={filters.from || undefined}
        onChange={(event) => onChange({ ...filters, to: event.target.value })}
      />
    </div>
  );
}

/**
 * The orders table: filters in the address bar, one page of the orders service at a time
 * (never the whole list), Next/Previous over its cursors.
 */
export function OrdersView({ events }: { events: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = filtersFrom(params);
  const filterKey = filtersToSearch(filters);
  const [sorting, setSorting] = useState<SortingState>([]);
  const sort = sortOf(sorting);
  // Cursors of the pages visited so far; the first page has none. Reset when the filters or the
  // sort change (a cursor belongs to one order of the list).
  const pagesKey = `${filterKey}|${sort ?? ''}`;
  const [pages, setPages] = useState<{ key: string; cursors: (string | undefined)[] }>({
    key: pagesKey,
    cursors: [undefined],
  });
  const cursors = pages.key === pagesKey ? pages.cursors : [undefined];
  const cursor = cursors.at(-1);

  const input = listInput(filters);
  const query = useQuery({
    ...trpc.admin.orders.list.queryOptions({ ...input, sort, cursor, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => query.data?.results ?? [], [query.data]);

  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    enableSortingRemoval: true,
    state: { sorting },
    onSortingChange: setSorting,
  });

  const applyFilters = (next: OrderFilters) => {
    router.replace(`${pathname}${filtersToSearch(next)}`, { scroll: false });
  };
  const exportParams = new URLSearchParams(
    Object.entries(input).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  const pageNumber = cursors.length;
  const hasFilters = filterKey !== '';

  return (
    <>
      <FiltersBar key={filterKey} filters={filters} events={events} onChange={applyFilters} />
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600" aria-live="polite">
          {query.data
            ? `${rows.length}${query.data.next_cursor ? '+' : ''} ${rows.length === 1 ? 'order' : 'orders'}${hasFilters ? ' match the filters' : ''}`
            : ' '}
        </p>
        <a
          href={`/admin/orders/export${exportParams.size ? `?${exportParams}` : ''}`}
          className={buttonClass('secondary', 'sm')}
          download
        >
          <Download aria-hidden="true" className="size-4" />
          Export CSV
        </a>
      </div>
      {query.isError ? (
        <Alert tone="error" title="Orders could not be loaded">
          {clientErrorOf(query.error).message}
        </Alert>
      ) : query.isPending ? (
        <div className="space-y-2" role="status" aria-label="Loading orders">
          {Array.from({ length: 6 }, (_, index) => (
            <Skeleton key={index} className="h-12 w-full" />
          ))}
        </div>
      ) : rows.length === 0 ? (
        <EmptyState icon={ReceiptText} title={hasFilters ? 'No orders match' : 'No orders yet'}>
          {hasFilters ? (
            <>
              Try fewer filters.{' '}
              <Link href={pathname} className="underline">
                Clear all filters
              </Link>
            </>
          ) : (
            'Orders appear here as soon as buyers check out.'
          )}
        </EmptyState>
      ) : (
        <TableContainer
          label="Orders"
          className={query.isPlaceholderData ? 'opacity-60' : undefined}
        >
          <Table aria-busy={query.isFetching || undefined}>
            <caption className="sr-only">
              Orders, page {pageNumber}, {sortLabel(sort)}.
            </caption>
            <thead>
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => {
                    const sorted = header.column.getIsSorted();
                    const label = flexRender(header.column.columnDef.header, header.getContext());
                    return (
                      <Th
                        key={header.id}
                        aria-sort={
                          sorted === 'asc'
                            ? 'ascending'
                            : sorted === 'desc'
                              ? 'descending'
                              : undefined
                        }
                        className={header.column.id === 'total' ? 'text-right' : undefined}
                      >
                        {header.column.getCanSort() ? (
                          <button
                            type="button"
                            onClick={header.column.getToggleSortingHandler()}
                            className="inline-flex items-center gap-1 uppercase hover:text-slate-900"
                          >
                            {label}
                            {sorted === 'asc' ? (
                              <ArrowUp aria-hidden="true" className="size-3.5" />
                            ) : sorted === 'desc' ? (
                              <ArrowDown aria-hidden="true" className="size-3.5" />
                            ) : (
                              <span aria-hidden="true" className="text-slate-400">
                                ↕
                              </span>
                            )}
                            <span className="sr-only">, sort</span>
                          </button>
                        ) : (
                          label
                        )}
                      </Th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody className="divide-y divide-slate-100">
              {table.getRowModel().rows.map((row) => (
                <tr key={row.id} className="hover:bg-slate-50">
                  {row.getVisibleCells().map((cell) => (
                    <Td
                      key={cell.id}
                      className={cell.column.id === 'total' ? 'text-right' : undefined}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Td>
                  ))}
                </tr>
              ))}
            </tbody>
          </Table>
        </TableContainer>
      )}
      <nav aria-label="Pages of orders" className="mt-4 flex items-center justify-between gap-3">
        <p className="text-sm text-slate-600">Page {pageNumber}</p>
        <div className="flex gap-2">
          <Button
            variant="secondary"
            size="sm"
            disabled={cursors.length <= 1}
            onClick={() => setPages({ key: pagesKey, cursors: cursors.slice(0, -1) })}
          >
            <ChevronLeft aria-hidden="true" className="size-4" />
            Previous page
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={!query.data?.next_cursor || query.isPlaceholderData}
            onClick={() => {
              const next = query.data?.next_cursor;
              if (next) setPages({ key: pagesKey, cursors: [...cursors, next] });
            }}
          >
            Next page
            <ChevronRight aria-hidden="true" className="size-4" />
          </Button>
        </div>
      </nav>
    </>
  );
}
