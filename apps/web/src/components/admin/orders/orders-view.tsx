'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  flexRender,
  getCoreRowModel,
  type SortingState,
  useReactTable,
} from '@tanstack/react-table';
import { ArrowDown, ArrowUp, ChevronLeft, ChevronRight, Download, ReceiptText } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';

import { clientErrorOf } from '../../../trpc/client-error';
import { useTRPC } from '../../../trpc/react';
import { Alert } from '../../ui/alert';
import { Button, buttonClass } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { Skeleton } from '../../ui/skeleton';
import { Table, TableContainer, Td, Th } from '../../ui/table';
import { columns, sortLabel, sortOf } from './order-columns';
import { filtersFrom, filtersToSearch, listInput,type OrderFilters } from './order-filters';
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
