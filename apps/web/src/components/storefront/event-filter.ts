/**
 * The home page's search and date filter as it travels in the URL (`?q=jazz&date=range&from=…`),
 * and the instants it stands for. Days are counted in UTC, like the dates the storefront shows.
 */

export const datePresets = ['any', 'week', 'month', 'range'] as const;
export type DatePreset = (typeof datePresets)[number];

export const datePresetLabels: Record<DatePreset, string> = {
  any: 'Any date',
  week: 'This week',
  month: 'This month',
  range: 'Choose dates',
};

/** Longest search the URL may carry (the procedure's limit). */
const MAX_QUERY_LENGTH = 100;

export interface EventFilter {
  q: string;
  date: DatePreset;
  /** Days as `YYYY-MM-DD`, or '' when not chosen; only used with `date: 'range'`. */
  from: string;
  to: string;
}

export const noFilter: EventFilter = { q: '', date: 'any', from: '', to: '' };

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value) ?? '';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day (no 31 February), or ''. */
function validDay(value: string): string {
  if (!DAY.test(value)) return '';
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? value : '';
}

/** Reads the URL's search params; anything unexpected falls back to "no filter" for that part. */
export function parseEventFilter(params: SearchParams): EventFilter {
  const date = first(params.date);
  const preset = (datePresets as readonly string[]).includes(date) ? (date as DatePreset) : 'any';
  let from = preset === 'range' ? validDay(first(params.from)) : '';
  let to = preset === 'range' ? validDay(first(params.to)) : '';
  // A range typed backwards means the same days.
  if (from && to && from > to) [from, to] = [to, from];
  return { q: first(params.q).trim().slice(0, MAX_QUERY_LENGTH), date: preset, from, to };
}

export const isFiltered = (filter: EventFilter) => filter.q !== '' || filter.date !== 'any';

/** The URL's query string of a filter, without the parts left at their default. */
export function filterSearch(filter: EventFilter): string {
  const params = new URLSearchParams();
  if (filter.q.trim()) params.set('q', filter.q.trim());
  if (filter.date !== 'any') params.set('date', filter.date);
  if (filter.date === 'range') {
    if (filter.from) params.set('from', filter.from);
    if (filter.to) params.set('to', filter.to);
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

const startOfDay = (date: Date) =>
  new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

/**
 * The instants the filter stands for at `now`: "this week" is today until Monday (weeks start on
 * Monday), "this month" today until the 1st, and a chosen range covers its last day too.
 */
export function filterWindow(filter: EventFilter, now: Date): { from?: string; to?: string } {
  const today = startOfDay(now);
  switch (filter.date) {
    case 'any':
      return {};
    case 'week': {
      const daysToMonday = 7 - ((today.getUTCDay() + 6) % 7);
      return { from: today.toISOString(), to: addDays(today, daysToMonday).toISOString() };
    }
    case 'month': {
      const nextMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1));
      return { from: today.toISOString(), to: nextMonth.toISOString() };
    }
    case 'range':
      return {
        from: filter.from ? `${filter.from}T00:00:00.000Z` : undefined,
        to: filter.to
          ? addDays(new Date(`${filter.to}T00:00:00.000Z`), 1).toISOString()
          : undefined,
      };
  }
}
