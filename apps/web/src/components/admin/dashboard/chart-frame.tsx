import type { ReactNode } from 'react';

import { Skeleton } from '../../ui/skeleton';

/**
 * A chart card. The drawing is hidden from screen readers; `table` (rendered visually hidden)
 * carries the same numbers for them, and `summary` says the gist in one sentence.
 */
export function ChartFrame({
  title,
  summary,
  loading,
  empty,
  emptyText,
  table,
  children,
  className,
}: {
  title: string;
  summary: string;
  loading: boolean;
  empty: boolean;
  emptyText: string;
  table: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section
      aria-label={title}
      className={`rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 ${className ?? ''}`}
    >
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {loading ? (
        <div role="status" aria-label={`Loading ${title.toLowerCase()}`} className="mt-4">
          <Skeleton className="h-56 w-full" />
        </div>
      ) : empty ? (
        <p className="mt-4 flex h-40 items-center justify-center rounded-xl border border-dashed border-slate-300 text-sm text-slate-600">
          {emptyText}
        </p>
      ) : (
        <>
          <p className="mt-0.5 text-sm text-slate-600">{summary}</p>
          {/* The drawing is not reachable by keyboard or screen reader: the table below says it all. */}
          <div aria-hidden="true" className="mt-4">
            {children}
          </div>
          <div className="sr-only">{table}</div>
        </>
      )}
    </section>
  );
}
