import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

import { classNames } from './class-names';

/** What a list shows when it has nothing, with a way forward. */
export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
  className,
}: {
  icon?: LucideIcon;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={classNames(
        'flex flex-col items-center rounded-xl border border-dashed border-slate-300 px-6 py-10 text-center',
        className,
      )}
    >
      {Icon && <Icon aria-hidden="true" className="size-8 text-slate-400" />}
      <p className="mt-2 font-semibold text-slate-900">{title}</p>
      {children && <div className="mt-1 max-w-md text-sm text-slate-600">{children}</div>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}
