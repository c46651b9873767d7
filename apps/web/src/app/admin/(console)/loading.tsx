import { Skeleton } from '../../../components/ui/skeleton';

/** Shown inside the admin frame while a page's data is read on the server. */
export default function AdminLoading() {
  return (
    <div role="status" aria-label="Loading the page">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="mt-2 h-4 w-80 max-w-full" />
      <div className="mt-8 grid gap-4 sm:grid-cols-3">
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
      </div>
      <Skeleton className="mt-6 h-64" />
    </div>
  );
}
