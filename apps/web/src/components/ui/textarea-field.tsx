import type { ReactNode, Ref, TextareaHTMLAttributes } from 'react';

import { classNames } from './class-names';
import { inputClass } from './field';
import { FieldFrame } from './field-frame';

export interface TextareaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  error?: string;
  hint?: ReactNode;
  ref?: Ref<HTMLTextAreaElement>;
}

export function TextareaField({
  label,
  error,
  hint,
  id,
  className,
  ...textarea
}: TextareaFieldProps) {
  return (
    <FieldFrame label={label} error={error} hint={hint} id={id} className={className}>
      {(ids) => (
        <textarea rows={4} className={classNames(inputClass, 'resize-y')} {...ids} {...textarea} />
      )}
    </FieldFrame>
  );
}
