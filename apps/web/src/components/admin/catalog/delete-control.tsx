'use client';

import { Trash2 } from 'lucide-react';
import { type ReactNode, useState } from 'react';

import { clientErrorOf } from '../../../trpc/client-error';
import { Alert } from '../../ui/alert';
import { Button, type ButtonSize } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';

const refusal = (error: unknown) => {
  const failure = clientErrorOf(error);
  if (failure.code === 'conflict') {
    return `${failure.message}. Seats of it are held or sold, so deleting it would strand those buyers.`;
  }
  return failure.message;
};

/** A delete button that asks first; a refused deletion stays in the dialog with the reason. */
export function DeleteControl({
  label,
  title,
  description,
  onDelete,
  size = 'md',
  iconOnly = false,
}: {
  label: string;
  title: string;
  description: ReactNode;
  onDelete: () => Promise<unknown>;
  size?: ButtonSize;
  iconOnly?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await onDelete();
      setOpen(false);
    } catch (failure) {
      setError(refusal(failure));
    } finally {
      setPending(false);
    }
  }

  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
      trigger={
        <Button
          variant={iconOnly ? 'ghost' : 'secondary'}
          size={size}
          aria-label={iconOnly ? label : undefined}
        >
          <Trash2 aria-hidden="true" className="size-4 text-red-700" />
          {!iconOnly && label}
        </Button>
      }
      title={title}
      description={description}
      confirmLabel={label}
      pending={pending}
      error={
        error && (
          <Alert tone="error" title="Not deleted">
            {error}
          </Alert>
        )
      }
      onConfirm={() => void confirm()}
    />
  );
}
