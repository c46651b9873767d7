import type { InputHTMLAttributes, ReactNode, Ref } from 'react';

import { classNames } from './class-names';
import { FieldFrame } from './field-frame';

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
  return (
    <FieldFrame label={label} error={error} hint={hint} id={id} className={className}>
      {(ids) => <input {...ids} className={inputClass} {...input} />}
    </FieldFrame>
  );
}
