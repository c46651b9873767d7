'use client';

import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';

/** A page whose data could not be read (a service down, say): the frame stays, with a retry. */
export default function AdminError({ reset }: { error: Error; reset: () => void }) {
  return (
    <Alert
      tone="error"
      title="This page could not be loaded"
      action={
        <Button variant="secondary" onClick={reset}>
          Try again
        </Button>
      }
    >
      A service behind it did not answer. The rest of the admin still works; try again in a moment.
    </Alert>
  );
}
