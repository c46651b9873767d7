import { z } from 'zod';

/**
 * Text as every procedure takes it (public, admin, services). PostgreSQL refuses 0x00 in `text`
 * (a 500 if it got that far), and other control characters or a lone UTF-16 surrogate are never
 * what a person typed: they are refused with a 400 `validation_error` naming the field, before
 * any handler or database sees them.
 */

/** C0 controls, DEL and C1 controls (matching them is the point). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
/** The same, except tab and line feed, which a multi-line field (a description) may hold. */
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_TAB_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
/** A high surrogate without its low one, or a low one without its high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const CONTROL_MESSAGE = 'must not contain control characters';
export const SURROGATE_MESSAGE = 'must not contain unpaired surrogates';

export interface TextOptions {
  max: number;
  /** Default 1 (after trimming): a given field holds something. 0 allows an empty string. */
  min?: number;
  /** Default true: leading and trailing white space is dropped before the length checks. */
  trim?: boolean;
}

const hasNoControl = (value: string) => !CONTROL.test(value);
const hasNoControlExceptTabNewline = (value: string) => !CONTROL_EXCEPT_TAB_NEWLINE.test(value);
const isWellFormed = (value: string) => !LONE_SURROGATE.test(value);

/** Whether a string is safe single-line text (for schemas that are not strings of their own). */
export const isSafeText = (value: string): boolean => hasNoControl(value) && isWellFormed(value);

function textOf(allowed: (value: string) => boolean, { max, min = 1, trim = true }: TextOptions) {
  // Checked on the raw value, before trimming could drop a control character at either end.
  const checked = z
    .string()
    .refine(allowed, CONTROL_MESSAGE)
    .refine(isWellFormed, SURROGATE_MESSAGE);
  return (trim ? checked.trim() : checked).min(min).max(max);
}

/** One line of text: a name, a place, a search, an opaque token. */
export const safeText = (options: TextOptions) => textOf(hasNoControl, options);

/** Several lines: tab and line feed allowed, every other control character refused. */
export const safeMultilineText = (options: TextOptions) =>
  textOf(hasNoControlExceptTabNewline, options);
