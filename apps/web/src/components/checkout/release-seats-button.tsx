'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

import { clientErrorOf } from '../../trpc/client-error';
import { useTRPC } from '../../trpc/react';
import { Button } from '../ui/button';
import { isBusy } from './purchase-errors';

/**
 * Gives the seats up and goes back to the event, which is told by `?released=<quantity>` so it can
 * confirm that they are back on sale: `holds.release` before checkout, `orders.cancel` of the
 * pending order after it (the hold is then the order's, and cancelling it returns the seats).
 */
export function ReleaseSeatsButton({
  holdId,
  eventId,
  quantity,
  orderId,
  onNotActive,
}: {
  holdId: string;
  orderId: string | null;
  eventId: string;
  quantity: number;
  onNotActive: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const releaseHold = useMutation(trpc.holds.release.mutationOptions());
  const cancelOrder = useMutation(trpc.orders.cancel.mutationOptions());
  const pending = releaseHold.isPending || cancelOrder.isPending;
  const [problem, setProblem] = useState<string | null>(null);

  const onClick = async () => {
    if (pending) return;
    setProblem(null);
    try {
      if (orderId) await cancelOrder.mutateAsync({ id: orderId });
      else await releaseHold.mutateAsync({ id: holdId });
      router.push(`/events/${eventId}?released=${quantity}`);
    } catch (caught) {
      const error = clientErrorOf(caught);
      const settled = ['hold_not_active', 'order_not_pending', 'not_found'];
      if (settled.includes(error.code)) return onNotActive();
      setProblem(
        isBusy(error)
          ? "We're busy, try again in a moment."
          : 'The seats could not be released. Try again.',
      );
    }
  };

  return (
    <div>
      <Button
        variant="secondary"
        className="w-full"
        onClick={onClick}
        pending={pending}
        aria-describedby={problem ? `release-problem-${holdId}` : undefined}
      >
        Release seats
      </Button>
      {problem && (
        <p
          id={`release-problem-${holdId}`}
          role="alert"
          className="mt-2 text-sm font-medium text-red-700"
        >
          {problem}
        </p>
      )}
    </div>
  );
}
