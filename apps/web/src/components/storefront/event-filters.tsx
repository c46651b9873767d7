'use client';

import { Search } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState, useTransition } from 'react';

import { buttonClass } from '../ui/button';
import { classNames } from '../ui/class-names';
import { inputClass } from '../ui/field';
import {
  type DatePreset,
  datePresetLabels,
  datePresets,
  type EventFilter,
  filterSearch,
} from './event-filter';

const labelClass = 'block text-sm font-medium text-slate-800';

/**
 * Search and date filter of the home page. A plain GET form to `/`, so it works before (or
 * without) JavaScript; once hydrated it navigates without a reload and keeps the URL tidy, and a
 * preset date applies as soon as it is picked.
 */
export function EventFilters({ initial }: { initial: EventFilter }) {
  const router = useRouter();
  const [filter, setFilter] = useState(initial);
  // When the URL's filter changes (a preset applied, "Clear filters"), the form follows it without
  // remounting, so the focus stays where the keyboard left it.
  const [shown, setShown] = useState(initial);
  if (filterSearch(shown) !== filterSearch(initial)) {
    setShown(initial);
    setFilter(initial);
  }
  const [pending, startTransition] = useTransition();

  const apply = (next: EventFilter) =>
    startTransition(() => router.push(`/${filterSearch(next)}`, { scroll: false }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply(filter);
  }

  function onDateChange(date: DatePreset) {
    const next = { ...filter, date };
    setFilter(next);
    if (date !== 'range') apply(next);
  }

  return (
    <form
      role="search"
      aria-label="Find events"
      action="/"
      method="get"
      onSubmit={onSubmit}
      aria-busy={pending || undefined}
      className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5"
    >
      <div className="flex flex-col gap-4 lg:flex-row lg:items-end">
        <div className="min-w-0 flex-1">
          <label htmlFor="event-search" className={labelClass}>
            Search events
          </label>
          <div className="relative mt-1">
            <Search
              aria-hidden="true"
              className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-500"
            />
            <input
              id="event-search"
              type="search"
              name="q"
              value={filter.q}
              onChange={(event) => setFilter({ ...filter, q: event.target.value })}
              placeholder="Artist, show or city"
              maxLength={100}
              autoComplete="off"
              enterKeyHint="search"
              className={classNames(inputClass, 'h-12 pl-9')}
            />
          </div>
        </div>
        <div className="lg:w-48">
          <label htmlFor="event-date" className={labelClass}>
            Date
          </label>
          <select
            id="event-date"
            name="date"
            value={filter.date}
            onChange={(event) => onDateChange(event.target.value as DatePreset)}
            className={classNames(inputClass, 'mt-1 h-12')}
          >
            {datePresets.map((preset) => (
              <option key={preset} value={preset}>
                {datePresetLabels[preset]}
              </option>
            ))}
          </select>
        </div>
        {filter.date === 'range' && (
          <div className="grid grid-cols-2 gap-3 lg:flex">
            <div className="lg:w-40">
              <label htmlFor="event-from" className={labelClass}>
                From
              </label>
              <input
                id="event-from"
                type="date"
                name="from"
                value={filter.from}
                max={filter.to || undefined}
                onChange={(event) => setFilter({ ...filter, from: event.target.value })}
                className={classNames(inputClass, 'mt-1 h-12')}
              />
            </div>
            <div className="lg:w-40">
              <label htmlFor="event-to" className={labelClass}>
                To
              </label>
              <input
                id="event-to"
                type="date"
                name="to"
                value={filter.to}
                min={filter.from || undefined}
                onChange={(event) => setFilter({ ...filter, to: event.target.value })}
                className={classNames(inputClass, 'mt-1 h-12')}
              />
            </div>
          </div>
        )}
        <button type="submit" className={buttonClass('primary', 'lg')}>
          Search
        </button>
      </div>
    </form>
  );
}
