'use client';

import { useSyncExternalStore } from 'react';

/**
 * One ticking clock for the page (4 ticks a second while anything listens). Components read it
 * through `useSyncExternalStore`, so the server render and hydration see no time at all (no
 * mismatch) and only the components that show the time re-render on each tick.
 */
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function tick() {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  timer ??= setInterval(tick, 250);
  // The module may have loaded long ago: catch up at once rather than on the first tick.
  now = Date.now();
  listener();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** Milliseconds until `deadline` (server time, corrected by `skewMs`), or null before hydration. */
export function useMsLeft(deadline: string, skewMs: number): number | null {
  const deadlineMs = Date.parse(deadline);
  return useSyncExternalStore(
    subscribe,
    () => Math.max(0, deadlineMs - (now + skewMs)),
    () => null,
  );
}

/** Whether `deadline` has passed; re-renders its component only when that flips. */
export function useDeadlinePassed(deadline: string, skewMs: number): boolean {
  const deadlineMs = Date.parse(deadline);
  return useSyncExternalStore(
    subscribe,
    () => now + skewMs >= deadlineMs,
    () => false,
  );
}
