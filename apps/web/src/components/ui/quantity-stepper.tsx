'use client';

import { Minus, Plus } from 'lucide-react';
import { useId, useState } from 'react';

import { classNames } from './class-names';

const stepButton = classNames(
  'inline-flex size-10 items-center justify-center text-slate-700 transition-colors hover:bg-slate-100',
  'aria-disabled:cursor-not-allowed aria-disabled:text-slate-400 aria-disabled:hover:bg-transparent',
);

/**
 * A whole number between `min` and `max`: a spinbutton (arrow keys, typing) between "Decrease" and
 * "Increase" buttons. What is typed is kept as typed until it is a number in range, and put back
 * in range when the field is left. At a limit a button is `aria-disabled`, not `disabled`, so the
 * keyboard focus stays on it.
 */
export function QuantityStepper({
  value,
  min,
  max,
  onChange,
  label = 'Quantity',
  disabled = false,
  className,
}: {
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  /** The accessible name; the buttons are "Decrease …" / "Increase …" of it. */
  label?: string;
  disabled?: boolean;
  className?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const clamp = (next: number) => Math.min(max, Math.max(min, next));
  const noun = label.toLowerCase();

  return (
    <div
      className={classNames(
        'inline-flex items-center rounded-lg bg-white shadow-sm ring-1 ring-slate-300 ring-inset',
        disabled && 'opacity-60',
        className,
      )}
    >
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <button
        type="button"
        aria-label={`Decrease ${noun}`}
        aria-controls={id}
        className={classNames(stepButton, 'rounded-l-lg')}
        disabled={disabled}
        aria-disabled={value <= min || undefined}
        onClick={() => onChange(clamp(value - 1))}
      >
        <Minus aria-hidden="true" className="size-4" />
      </button>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        disabled={disabled}
        value={draft ?? String(value)}
        onChange={(event) => {
          const typed = event.target.value;
          const parsed = Number(typed);
          if (typed !== '' && Number.isInteger(parsed) && parsed >= min && parsed <= max) {
            setDraft(null);
            onChange(parsed);
          } else {
            setDraft(typed);
          }
        }}
        onBlur={() => {
          if (draft === null) return;
          const parsed = Math.round(Number(draft));
          setDraft(null);
          onChange(Number.isFinite(parsed) && draft !== '' ? clamp(parsed) : value);
        }}
        className="h-10 w-12 [appearance:textfield] border-x border-slate-200 bg-transparent text-center font-semibold text-slate-900 tabular-nums [&::-webkit-inner-spin-button]:appearance-none [&::-webkit-outer-spin-button]:appearance-none"
      />
      <button
        type="button"
        aria-label={`Increase ${noun}`}
        aria-controls={id}
        className={classNames(stepButton, 'rounded-r-lg')}
        disabled={disabled}
        aria-disabled={value >= max || undefined}
        onClick={() => onChange(clamp(value + 1))}
      >
        <Plus aria-hidden="true" className="size-4" />
      </button>
    </div>
  );
}
