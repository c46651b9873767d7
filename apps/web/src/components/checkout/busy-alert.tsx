import type { ReactNode } from 'react';

import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { BUSY_TITLE } from './purchase-errors';

/** "We're busy, try again" with a retry button; `children` says what retrying does (or not). */
export function BusyAlert({
  onRetry,
  pending,
  className,
  children,
}: {
  onRetry: () => void;
  pending?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Alert
      tone="error"
      title={BUSY_TITLE}
      className={className}
      action={
        <Button variant="secondary" size="sm" onClick={onRetry} pending={pending}>
          Try again
        </Button>
      }
    >
      {children}
    </Alert>
  );
}
