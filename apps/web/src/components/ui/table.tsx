import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from 'react';

import { classNames } from './class-names';

/**
 * A table that scrolls sideways inside its own box, never the page. The box is a named,
 * focusable region so a keyboard user can scroll it too.
 */
export function TableContainer({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={classNames(
        // relative: an sr-only cell text is positioned inside the box, not beyond the page's edge.
        'relative w-full overflow-x-auto rounded-xl ring-1 ring-slate-200',
        className,
      )}
    >
      {children}
    </div>
  );
}

export function Table({ className, ...rest }: HTMLAttributes<HTMLTableElement>) {
  return (
    <table
      className={classNames('min-w-full divide-y divide-slate-200 bg-white text-sm', className)}
      {...rest}
    />
  );
}

export function Th({ className, ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={classNames(
        'bg-slate-50 px-4 py-3 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-slate-700 uppercase',
        className,
      )}
      {...rest}
    />
  );
}

/** A cell; `wrap` lets long text (errors, names) break into lines instead of widening the table. */
export function Td({
  className,
  wrap = false,
  ...rest
}: TdHTMLAttributes<HTMLTableCellElement> & { wrap?: boolean }) {
  return (
    <td
      className={classNames(
        'px-4 py-3 text-slate-800',
        wrap ? 'whitespace-normal' : 'whitespace-nowrap',
        className,
      )}
      {...rest}
    />
  );
}
