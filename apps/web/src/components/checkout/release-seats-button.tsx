'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { clientErrorOf } from '../../trpc/client-error';
import { useTRPC } from '../../trpc/react';
import { Button } from '../ui/button';
import { isBusy } from './purchase-errors';

/**
 * Gives the hold up (`holds.release`) and goes back to the event, which is told by
 * `?released=<quantity>` so it can confirm that the seats are back on sale.
 */
export function ReleaseSeatsButton({
  holdId,
  eventId,
  quantity,
  onNotActive,
}: {
  holdId: string;
  eventId: string;
  quantity: number;
  onNotActive: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const release = useMutation(trpc.holds.release.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);

  const onClick = async () => {
    if (release.isPending) return;
    setProblem(null);
    try {
      await release.mutateAsync({ id: holdId });
      router.push(`/events/${eventId}?released=${quantity}`);
    } catch (caught) {
      const error = clientErrorOf(caught);
      if (error.code === 'hold_not_active' || error.code === 'not_found') return onNotActive();
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
        pending={release.isPending}
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
