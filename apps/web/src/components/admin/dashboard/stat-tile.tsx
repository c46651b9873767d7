import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

import { Skeleton } from '../../ui/skeleton';

/** One figure of the dashboard; its label names the group so "Revenue: €1,200" is read together. */
export function StatTile({
  label,
  value,
  hint,
  icon: Icon,
  loading,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  icon: LucideIcon;
  loading: boolean;
}) {
  return (
    <div
      role="group"
      aria-label={label}
      className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200"
    >
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm font-medium text-slate-600">{label}</p>
        <span className="rounded-lg bg-brand-50 p-1.5 text-brand-700">
          <Icon aria-hidden="true" className="size-4" />
        </span>
      </div>
      {loading ? (
        <Skeleton className="mt-3 h-8 w-24" />
      ) : (
        <p
          className="mt-2 text-2xl font-bold tracking-tight text-slate-900 tabular-nums"
          data-testid="tile-value"
        >
          {value}
        </p>
      )}
      {hint && <p className="mt-1 text-xs text-slate-600">{hint}</p>}
    </div>
  );
}
