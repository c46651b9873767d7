import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';

import { clientErrorOf } from '../../../trpc/client-error';

/** What a failed save shows above the form when no single field is to blame. */
export interface FormFailure {
  title: string;
  message: string;
}

const asNumber = (value: unknown) => (typeof value === 'number' ? value : 0);

/**
 * Puts a procedure's error where the admin will look: the field it names (`fields` of a
 * validation or capacity error, or the field an error code is about), else a form-level failure.
 * `fieldOf` maps API field names (`total_capacity`) to the form's own.
 */
export function showServerError<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fieldOf: Record<string, Path<T>>,
): FormFailure | null {
  const failure = clientErrorOf(error);
  if (failure.code === 'quantity_below_reserved' && fieldOf.quantity) {
    const reserved =
      asNumber(failure.details.held_quantity) + asNumber(failure.details.committed_quantity);
    setError(fieldOf.quantity, {
      type: 'server',
      message: `Cannot shrink below ${reserved} sold or held`,
    });
    return null;
  }
  let placed = false;
  for (const [apiField, message] of Object.entries(failure.fields)) {
    const field = fieldOf[apiField];
    if (field) {
      setError(field, { type: 'server', message }, { shouldFocus: !placed });
      placed = true;
    }
  }
  if (placed) return null;
  if (failure.code === 'unauthorized') {
    return { title: 'Your session has ended', message: 'Sign in again to save your changes.' };
  }
  if (failure.code === 'network_error') {
    return { title: 'Not saved: the server could not be reached', message: failure.message };
  }
  return { title: 'Not saved', message: failure.message };
}
