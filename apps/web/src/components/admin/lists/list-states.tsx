import type { LucideIcon } from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';

import { Alert } from '../../ui/alert';
import { EmptyState } from '../../ui/empty-state';
import { Skeleton } from '../../ui/skeleton';

/** The part of a TanStack query a list's states read. */
export interface ListQueryState {
  isError: boolean;
  isPending: boolean;
}

/**
 * The states every admin list goes through, in one order: the error (with the message the
 * caller has made readable), skeleton rows while the first page loads, the empty state, and
 * only then the list itself.
 */
export function ListStates({
  query,
  errorTitle,
  errorMessage,
  loadingLabel,
  isEmpty,
  empty,
  children,
}: {
  query: ListQueryState;
  errorTitle: string;
  errorMessage: ReactNode;
  loadingLabel: string;
  isEmpty: boolean;
  empty: { icon: LucideIcon; title: string; body: ReactNode };
  children: ReactNode;
}) {
  if (query.isError) {
    return (
      <Alert tone="error" title={errorTitle}>
        {errorMessage}
      </Alert>
    );
  }
  if (query.isPending) {
    return (
      <div className="space-y-2" role="status" aria-label={loadingLabel}>
        {Array.from({ length: 6 }, (_, index) => (
          <Skeleton key={index} className="h-12 w-full" />
        ))}
      </div>
    );
  }
  if (isEmpty) {
    return (
      <EmptyState icon={empty.icon} title={empty.title}>
        {empty.body}
      </EmptyState>
    );
  }
  return <>{children}</>;
}

/** The empty state's text when filters are on: the way back to the whole list. */
export function NoMatchesBody({ clearHref }: { clearHref: string }) {
  return (
    <>
      Try fewer filters.{' '}
      <Link href={clearHref} className="underline">
        Clear all filters
      </Link>
    </>
  );
}
