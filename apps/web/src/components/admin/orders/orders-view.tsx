'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  flexRender,
  getCoreRowModel,
  type SortingState,
  useReactTable,
} from '@tanstack/react-table';
import { ArrowDown, ArrowUp, ChevronLeft, ChevronRight, Download, ReceiptText } from 'lucide-react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';

import { clientErrorOf } from '../../../trpc/client-error';
import { useTRPC } from '../../../trpc/react';
import { Button, buttonClass } from '../../ui/button';
import { ListStates, NoMatchesBody } from '../lists/list-states';
import { ListTable } from '../lists/list-table';
import { columns, sortLabel, sortOf } from './order-columns';
import { filtersFrom, filtersToSearch, listInput, type OrderFilters } from './order-filters';
import { OrderFiltersBar } from './order-filters-bar';

const PAGE_SIZE = 25;

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
      <OrderFiltersBar key={filterKey} filters={filters} events={events} onChange={applyFilters} />
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
      <ListStates
        query={query}
        errorTitle="Orders could not be loaded"
        errorMessage={query.isError ? clientErrorOf(query.error).message : null}
        loadingLabel="Loading orders"
        isEmpty={rows.length === 0}
        empty={{
          icon: ReceiptText,
          title: hasFilters ? 'No orders match' : 'No orders yet',
          body: hasFilters ? (
            <NoMatchesBody clearHref={pathname} />
          ) : (
            'Orders appear here as soon as buyers check out.'
          ),
        }}
      >
        <ListTable
          table={table}
          label="Orders"
          caption={`Orders, page ${pageNumber}, ${sortLabel(sort)}.`}
          dimmed={query.isPlaceholderData}
          busy={query.isFetching}
          headerCell={(header) => {
            const sorted = header.column.getIsSorted();
            const label = flexRender(header.column.columnDef.header, header.getContext());
            return {
              props: {
                'aria-sort':
                  sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined,
              },
              content: header.column.getCanSort() ? (
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
              ),
            };
          }}
          cellClass={(columnId) => (columnId === 'total' ? 'text-right' : undefined)}
        />
      </ListStates>
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
