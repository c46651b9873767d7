import type { HTMLAttributes } from 'react';

import { classNames } from './class-names';

export function Card({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return (
    <div
      className={classNames('rounded-2xl bg-white shadow-sm ring-1 ring-slate-200', className)}
      {...rest}
    />
  );
}
