import { Alert } from '../../ui/alert';
import type { FormFailure } from './server-errors';

export function FormFailureAlert({ failure }: { failure: FormFailure | null }) {
  if (!failure) return null;
  return (
    <Alert tone="error" title={failure.title}>
      {failure.message}
    </Alert>
  );
}
