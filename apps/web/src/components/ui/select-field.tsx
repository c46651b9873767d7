import type { ReactNode, Ref, SelectHTMLAttributes } from 'react';

import { classNames } from './class-names';
import { inputClass } from './field';
import { FieldFrame } from './field-frame';

export interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  error?: string;
  hint?: ReactNode;
  ref?: Ref<HTMLSelectElement>;
}

/** A labelled native select: the platform's own keyboard and screen-reader behaviour. */
export function SelectField({
  label,
  error,
  hint,
  id,
  className,
  children,
  ...select
}: SelectFieldProps) {
  return (
    <FieldFrame label={label} error={error} hint={hint} id={id} className={className}>
      {(ids) => (
        <select className={classNames(inputClass, 'pr-8')} {...ids} {...select}>
          {children}
        </select>
      )}
    </FieldFrame>
  );
}
