/**
 * Dates as the storefront shows them. The catalog's times are the venues' wall-clock times stored
 * as UTC (see the demo seed), and the date filter counts days in UTC, so every date is shown in UTC
 * and labelled so: the server's render and the browser's agree, whatever zone either runs in.
 */
const TIME_ZONE = 'UTC';

const day = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: TIME_ZONE,
});
const longDay = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: TIME_ZONE,
});
const time = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  timeZone: TIME_ZONE,
});

const sameDay = (a: Date, b: Date) => day.format(a) === day.format(b);

/** "Sun 13 Dec 2026 · 18:00", for a card. */
export function formatCardDate(iso: string): string {
  const date = new Date(iso);
  return `${day.format(date)} · ${time.format(date)}`;
}

/** "Sunday 13 December 2026, 18:00–21:00 UTC"; a session past midnight names both days. */
export function formatSessionRange(startsAt: string, endsAt: string): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const until = sameDay(start, end) ? time.format(end) : `${day.format(end)}, ${time.format(end)}`;
  return `${longDay.format(start)}, ${time.format(start)}–${until} ${TIME_ZONE}`;
}

/** "Sun 13 Dec 2026", e.g. for the next date of an event. */
export const formatDay = (iso: string) => day.format(new Date(iso));
