'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { ChevronLeft, ChevronRight, ScrollText } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';

import { clientErrorOf } from '../../../trpc/client-error';
import { useTRPC } from '../../../trpc/react';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { Skeleton } from '../../ui/skeleton';
import { Table, TableContainer, Td, Th } from '../../ui/table';
import { auditColumns } from './audit-columns';
import {
  type AuditFilters,
  auditFiltersFrom,
  auditFiltersToSearch,
  auditListInput,
} from './audit-filters';
import { AuditFiltersBar } from './audit-filters-bar';

const PAGE_SIZE = 50;

/**
 * The audit log: filters in the address bar, one page at a time newest first (the web's entries
 * and orders' refunds and cancels in one timeline), Next/Previous over the pages' cursors.
 */
export function AuditView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = auditFiltersFrom(params);
  const filterKey = auditFiltersToSearch(filters);
  // Cursors of the pages visited so far; the first page has none. A cursor belongs to its filters.
  const [pages, setPages] = useState<{ key: string; cursors: (string | undefined)[] }>({
    key: filterKey,
    cursors: [undefined],
  });
  const cursors = pages.key === filterKey ? pages.cursors : [undefined];
  const cursor = cursors.at(-1);

  const query = useQuery({
    ...trpc.admin.audit.list.queryOptions({
      ...auditListInput(filters),
      cursor,
      limit: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => query.data?.results ?? [], [query.data]);
  const table = useReactTable({
    data: rows,
    columns: auditColumns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
    manualPagination: true,
    manualFiltering: true,
  });

  const applyFilters = (next: AuditFilters) => {
    router.replace(`${pathname}${auditFiltersToSearch(next)}`, { scroll: false });
  };
  const pageNumber = cursors.length;
  const hasFilters = filterKey !== '';

  return (
    <>
      <AuditFiltersBar key={filterKey} filters={filters} onChange={applyFilters} />
      <p className="mb-3 text-sm text-slate-600" aria-live="polite">
        {query.data
          ? `${rows.length}${query.data.next_cursor ? '+' : ''} ${rows.length === 1 ? 'entry' : 'entries'}${hasFilters ? (rows.length === 1 && !query.data.next_cursor ? ' matches the filters' : ' match the filters') : ''}, newest first`
          : ' '}
      </p>
      {query.data?.orders_unavailable && (
        <Alert tone="warning" title="Refunds and cancellations are missing" className="mb-3">
          The orders service did not answer, so its entries are not in this list. Reload in a moment
          to see them.
        </Alert>
      )}
      {query.isError ? (
        <Alert tone="error" title="The audit log could not be loaded">
          {clientErrorOf(query.error).message}
        </Alert>
      ) : query.isPending ? (
        <div className="space-y-2" role="status" aria-label="Loading the audit log">
          {Array.from({ length: 6 }, (_, index) => (
            <Skeleton key={index} className="h-12 w-full" />
          ))}
        </div>
      ) : rows.length === 0 ? (
        <EmptyState icon={ScrollText} title={hasFilters ? 'No entries match' : 'No entries yet'}>
          {hasFilters ? (
            <>
              Try fewer filters.{' '}
              <Link href={pathname} className="underline">
                Clear all filters
              </Link>
            </>
          ) : (
            'Every catalog change, refund, dead-letter action and sign-in appears here.'
          )}
        </EmptyState>
      ) : (
        <TableContainer
          label="Audit log"
          className={query.isPlaceholderData ? 'opacity-60' : undefined}
        >
          <Table aria-busy={query.isFetching || undefined}>
            <caption className="sr-only">Audit log, page {pageNumber}, newest first.</caption>
            <thead>
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => (
                    <Th key={header.id}>
                      {flexRender(header.column.columnDef.header, header.getContext())}
                    </Th>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody className="divide-y divide-slate-100">
              {table.getRowModel().rows.map((row) => (
                <tr key={row.id} className="align-top hover:bg-slate-50">
                  {row.getVisibleCells().map((cell) => (
                    <Td key={cell.id}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Td>
                  ))}
                </tr>
              ))}
            </tbody>
          </Table>
        </TableContainer>
      )}
      <nav
        aria-label="Pages of the audit log"
        className="mt-4 flex items-center justify-between gap-3"
      >
        <p className="text-sm text-slate-600">Page {pageNumber}</p>
        <div className="flex gap-2">
          <Button
            variant="secondary"
            size="sm"
            disabled={cursors.length <= 1}
            onClick={() => setPages({ key: filterKey, cursors: cursors.slice(0, -1) })}
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
              if (next) setPages({ key: filterKey, cursors: [...cursors, next] });
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
