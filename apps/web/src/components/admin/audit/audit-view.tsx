'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { ChevronLeft, ChevronRight, ScrollText } from 'lucide-react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';

import { clientErrorOf } from '../../../trpc/client-error';
import { useTRPC } from '../../../trpc/react';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { ListStates, NoMatchesBody } from '../lists/list-states';
import { ListTable } from '../lists/list-table';
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
      <ListStates
        query={query}
        errorTitle="The audit log could not be loaded"
        errorMessage={query.isError ? clientErrorOf(query.error).message : null}
        loadingLabel="Loading the audit log"
        isEmpty={rows.length === 0}
        empty={{
          icon: ScrollText,
          title: hasFilters ? 'No entries match' : 'No entries yet',
          body: hasFilters ? (
            <NoMatchesBody clearHref={pathname} />
          ) : (
            'Every catalog change, refund, dead-letter action and sign-in appears here.'
          ),
        }}
      >
        <ListTable
          table={table}
          label="Audit log"
          caption={`Audit log, page ${pageNumber}, newest first.`}
          dimmed={query.isPlaceholderData}
          busy={query.isFetching}
          rowClass="align-top"
          // A phone reads an entry as a sentence: who did what, when (and from where, under who).
          cardOrder={['actor', 'action', 'at', 'target']}
        />
      </ListStates>
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
