import { type InputHTMLAttributes, type ReactNode, type Ref, useId } from 'react';
import { classNames } from './class-names';

export const inputClass = classNames(
  'block w-full rounded-lg border-0 bg-white px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300',
  'placeholder:text-slate-500 focus:ring-2 focus:ring-inset focus:ring-brand-600 focus:outline-none',
  'aria-[invalid=true]:ring-red-600',
);

export interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  /** The message shown under the input and announced with it (`aria-describedby`). */
  error?: string;
  hint?: ReactNode;
  /** Reaches the input (React 19 passes `ref` as a prop), e.g. react-hook-form's `register`. */
  ref?: Ref<HTMLInputElement>;
}

/** A labelled input with its hint and inline error; the label is what a screen reader announces. */
export function Field({ label, error, hint, className, id, ...input }: FieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={className}>
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={inputId}
        className={classNames(inputClass, 'mt-1')}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {hint && (
        <p id={hintId} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
