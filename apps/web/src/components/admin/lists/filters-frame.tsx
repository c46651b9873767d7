import { Search } from 'lucide-react';
import { type FormEvent, type ReactNode, useState } from 'react';

import { classNames } from '../../ui/class-names';
import { inputClass } from '../../ui/field';

/**
 * The box above an admin list holding its filters. `columnsClass` is the wide screen's grid
 * (one track per field); below that the fields sit two to a row, the search across both.
 */
export function FiltersFrame({
  columnsClass,
  children,
}: {
  columnsClass: string;
  children: ReactNode;
}) {
  return (
    <div
      className={classNames(
        'mb-4 grid gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 md:grid-cols-2',
        columnsClass,
      )}
    >
      {children}
    </div>
  );
}

/**
 * A filter's text search: applied on Enter or when the field loses focus, so a list is not
 * fetched again for every key typed.
 */
export function SearchFilter({
  id,
  label,
  placeholder,
  hint,
  value,
  onApply,
}: {
  id: string;
  label: string;
  placeholder: string;
  hint: string;
  value: string;
  onApply: (value: string) => void;
}) {
  const [text, setText] = useState(value);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply(text.trim());
  };
  return (
    <form role="search" onSubmit={submit} className="md:col-span-2 xl:col-span-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="relative mt-1">
        <Search
          aria-hidden="true"
          className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-500"
        />
        <input
          id={id}
          type="search"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onBlur={() => text.trim() !== value && onApply(text.trim())}
          placeholder={placeholder}
          aria-describedby={`${id}-hint`}
          className={`${inputClass} pl-9`}
        />
      </div>
      <p id={`${id}-hint`} className="sr-only">
        {hint}
      </p>
    </form>
  );
}
