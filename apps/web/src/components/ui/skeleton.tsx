import { classNames } from './class-names';

/** A grey placeholder block while data loads; hidden from screen readers (say "Loading" elsewhere). */
export function Skeleton({ className }: { className?: string }) {
  return (
    <div
      aria-hidden="true"
      className={classNames('animate-pulse rounded-md bg-slate-200', className)}
    />
  );
}
