'use client';

import { Clock } from 'lucide-react';

import { classNames } from '../ui/class-names';
import { useMsLeft } from './use-clock';

const LAST_MINUTE_MS = 60_000;

const format = (ms: number) => {
  const seconds = Math.ceil(ms / 1_000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/**
 * The time left on the hold. `role="timer"` is not announced on every tick; crossing into the last
 * minute is announced once through the polite status beside it, and the box turns red.
 */
export function Countdown({ expiresAt, skewMs }: { expiresAt: string; skewMs: number }) {
  const msLeft = useMsLeft(expiresAt, skewMs);
  const lastMinute = msLeft !== null && msLeft <= LAST_MINUTE_MS;
  return (
    <div
      className={classNames(
        'flex items-center gap-3 rounded-xl border px-4 py-3 transition-colors',
        lastMinute
          ? 'border-red-300 bg-red-50 text-red-900'
          : 'border-brand-200 bg-brand-50 text-brand-900',
      )}
    >
      <Clock
        aria-hidden="true"
        className={classNames('size-5 shrink-0', lastMinute && 'motion-safe:animate-pulse')}
      />
      <div className="min-w-0 flex-1 text-sm">
        <p className="font-medium">
          {lastMinute
            ? 'Hurry: your seats are released when the time runs out'
            : 'Seats held for you'}
        </p>
        <p className="text-xs opacity-90">Complete your order before the timer ends.</p>
      </div>
      <div
        role="timer"
        aria-label="Time left to complete your order"
        className="text-2xl font-bold tabular-nums"
      >
        {msLeft === null ? '–:––' : format(msLeft)}
      </div>
      <p role="status" className="sr-only">
        {lastMinute ? 'Less than one minute left to complete your order.' : ''}
      </p>
    </div>
  );
}
