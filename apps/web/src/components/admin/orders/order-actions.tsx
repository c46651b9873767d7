'use client';

import { useMutation } from '@tanstack/react-query';
import { Ban, RotateCcw } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

import { clientErrorOf } from '../../../trpc/client-error';
import { useTRPC } from '../../../trpc/react';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';

/**
 * Refund (confirmed) or cancel (pending) behind a confirmation. The procedures are idempotent;
 * the button also locks while the call runs and after it succeeded, so a double click sends one.
 */
export function OrderActions({
  orderId,
  status,
  total,
}: {
  orderId: string;
  status: string;
  total: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const refund = useMutation(trpc.admin.orders.refund.mutationOptions());
  const cancel = useMutation(trpc.admin.orders.cancel.mutationOptions());
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  const action = status === 'confirmed' ? 'refund' : status === 'pending' ? 'cancel' : null;
  if (!action) return null;
  const mutation = action === 'refund' ? refund : cancel;
  const label = action === 'refund' ? 'Refund order' : 'Cancel order';

  const run = () => {
    if (mutation.isPending || done) return;
    mutation.mutate(
      { id: orderId },
      {
        onSuccess: () => {
          setDone(true);
          setOpen(false);
          router.refresh();
        },
      },
    );
  };

  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) mutation.reset();
      }}
      trigger={
        <Button variant="danger" disabled={done} pending={mutation.isPending}>
          {action === 'refund' ? (
            <RotateCcw aria-hidden="true" className="size-4" />
          ) : (
            <Ban aria-hidden="true" className="size-4" />
          )}
          {label}
        </Button>
      }
      title={action === 'refund' ? 'Refund this order?' : 'Cancel this order?'}
      description={
        action === 'refund' ? (
          <p>
            The buyer gets <strong>€{total}</strong> back, the order is cancelled and its seats go
            back on sale. This cannot be undone.
          </p>
        ) : (
          <p>The order is cancelled before payment and its held seats go back on sale.</p>
        )
      }
      confirmLabel={label}
      cancelLabel="Keep order"
      pending={mutation.isPending}
      error={
        mutation.isError && (
          <Alert tone="error" title={action === 'refund' ? 'Not refunded' : 'Not cancelled'}>
            {clientErrorOf(mutation.error).message}
          </Alert>
        )
      }
      onConfirm={run}
    />
  );
}
