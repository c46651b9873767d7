'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { createHoldInput } from '@ticketing/trpc/public/holds';
import { X } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { Dialog } from 'radix-ui';
import { useEffect, useRef, useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';

import { formatPrice } from '../../app/format';
import { clientErrorOf } from '../../trpc/client-error';
import { useTRPC } from '../../trpc/react';
import { BusyAlert } from '../checkout/busy-alert';
import { Alert } from '../ui/alert';
import { Button, buttonClass } from '../ui/button';
import { classNames } from '../ui/class-names';
import { Field } from '../ui/field';
import { MAX_PER_ORDER } from './availability';
import { recallBuyerEmail, rememberBuyerEmail } from './buyer-email';
import { type HoldProblem, holdProblemOf } from './hold-problem';

/** The e-mail rule of `holds.create` itself, so the form refuses exactly what the API would. */
const reserveForm = z.object({ customer_email: createHoldInput.shape.customer_email });
type ReserveForm = z.infer<typeof reserveForm>;

const INVALID_EMAIL = 'Enter a valid e-mail address, like name@example.com';

const resolver = zodResolver(reserveForm, {
  error: (issue) =>
    issue.input === '' || issue.input === undefined ? 'Enter your e-mail address' : INVALID_EMAIL,
});

export interface ReserveTarget {
  eventName: string;
  sessionId: string;
  /** The session's date-time as the page shows it. */
  sessionLabel: string;
  ticketTypeId: string;
  ticketTypeName: string;
  price: string;
}

/**
 * "Reserve" and its dialog: the buyer's e-mail, then `holds.create`, then the checkout of the new
 * hold. Radix traps the focus inside and gives it back to "Reserve" when the dialog closes.
 */
export function ReserveDialog({
  target,
  quantity,
  disabled,
  holdMinutes,
  onQuantityChange,
  onInventoryChanged,
}: {
  target: ReserveTarget;
  quantity: number;
  disabled: boolean;
  holdMinutes: number;
  onQuantityChange: (quantity: number) => void;
  /** Seats ran out under the buyer: the page should fetch availability now. */
  onInventoryChanged: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  /** What went wrong, and how many seats the buyer had asked for then. */
  const [problem, setProblem] = useState<{ problem: HoldProblem; requested: number } | null>(null);
  const [navigating, startNavigation] = useTransition();
  const holdButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const form = useForm<ReserveForm>({ resolver, defaultValues: { customer_email: '' } });
  const hold = useMutation(trpc.holds.create.mutationOptions());
  const busy = hold.isPending || navigating;

  function onOpenChange(next: boolean) {
    if (busy) return;
    if (next) {
      form.reset({ customer_email: recallBuyerEmail() });
      setProblem(null);
      hold.reset();
    }
    setOpen(next);
  }

  const submit = form.handleSubmit(async ({ customer_email }) => {
    if (busy) return;
    setProblem(null);
    try {
      const placed = await hold.mutateAsync({
        session_id: target.sessionId,
        ticket_type_id: target.ticketTypeId,
        quantity,
        customer_email,
      });
      rememberBuyerEmail(customer_email);
      startNavigation(() => router.push(`/checkout/${placed.hold_id}`));
    } catch (error) {
      const found = holdProblemOf(clientErrorOf(error));
      if (found.kind === 'invalid' && found.email) {
        form.setError('customer_email', { message: INVALID_EMAIL }, { shouldFocus: true });
        return;
      }
      if (found.kind === 'sold_out' || found.kind === 'only_left') onInventoryChanged();
      setProblem({ problem: found, requested: quantity });
    }
  });

  const seats = quantity === 1 ? '1 ticket' : `${quantity} tickets`;
  const soldOut = problem?.problem.kind === 'sold_out';
  // Nothing left to hold ("Hold seats" is disabled): the way on is closing, to choose another.
  useEffect(() => {
    if (soldOut) cancelButton.current?.focus();
  }, [soldOut]);

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger asChild>
        <Button disabled={disabled} className="min-w-28 flex-1 sm:flex-none">
          Reserve
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/60 backdrop-blur-[2px]" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-2xl bg-white p-6 shadow-xl ring-1 ring-slate-200 focus:outline-none">
          <Dialog.Title className="pr-8 text-xl font-semibold text-slate-900">
            Reserve seats
          </Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            We hold your seats for {holdMinutes} minutes while you check out. Nothing is charged
            yet.
          </Dialog.Description>

          <dl className="mt-5 space-y-2 rounded-xl bg-slate-50 p-4 text-sm ring-1 ring-slate-200">
            <div className="flex justify-between gap-4">
              <dt className="text-slate-600">Event</dt>
              <dd className="text-right font-medium text-slate-900">{target.eventName}</dd>
            </div>
            <div className="flex justify-between gap-4">
              <dt className="text-slate-600">When</dt>
              <dd className="text-right font-medium text-slate-900">{target.sessionLabel}</dd>
            </div>
            <div className="flex justify-between gap-4">
              <dt className="text-slate-600">Tickets</dt>
              <dd className="text-right font-medium text-slate-900">
                {seats} · {target.ticketTypeName}, {formatPrice(target.price)} each
              </dd>
            </div>
          </dl>

          <form noValidate onSubmit={submit} className="mt-5">
            <Field
              label="E-mail"
              type="email"
              autoComplete="email"
              inputMode="email"
              hint="Your tickets and receipt go to this address."
              error={form.formState.errors.customer_email?.message}
              {...form.register('customer_email')}
            />

            {problem && (
              <ProblemAlert
                problem={problem.problem}
                requested={problem.requested}
                ticketTypeName={target.ticketTypeName}
                onRetry={() => void submit()}
                onTakeAvailable={(available) => {
                  onQuantityChange(available);
                  setProblem(null);
                  // The alert (and the focused button in it) goes; the next step is holding again.
                  holdButton.current?.focus();
                }}
              />
            )}

            <div className="mt-6 flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
              <Dialog.Close asChild ref={cancelButton}>
                <Button variant="secondary" disabled={busy}>
                  Cancel
                </Button>
              </Dialog.Close>
              {/* Not `disabled` while pending: the focus stays here, and a second click does nothing. */}
              <button
                ref={holdButton}
                type="submit"
                disabled={soldOut}
                aria-busy={busy || undefined}
                className={classNames(buttonClass('primary'), 'min-w-32')}
              >
                {busy && (
                  <span
                    aria-hidden="true"
                    className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent"
                  />
                )}
                Hold seats
              </button>
            </div>
          </form>

          <Dialog.Close
            aria-label="Close"
            disabled={busy}
            className="absolute top-4 right-4 inline-flex size-9 items-center justify-center rounded-lg text-slate-500 hover:bg-slate-100 hover:text-slate-900"
          >
            <X aria-hidden="true" className="size-5" />
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function ProblemAlert({
  problem,
  requested,
  ticketTypeName,
  onRetry,
  onTakeAvailable,
}: {
  problem: HoldProblem;
  requested: number;
  ticketTypeName: string;
  onRetry: () => void;
  onTakeAvailable: (available: number) => void;
}) {
  const className = 'mt-5';
  switch (problem.kind) {
    case 'sold_out':
      return (
        <Alert tone="error" title="Sold out meanwhile" className={className}>
          The last {ticketTypeName} tickets went while you were choosing. Another ticket type or
          date may still have seats.
        </Alert>
      );
    case 'only_left':
      return (
        <Alert
          tone="error"
          title={`Only ${problem.available} left`}
          className={className}
          action={
            <Button
              variant="secondary"
              size="sm"
              onClick={() => onTakeAvailable(problem.available)}
            >
              Take {problem.available} instead
            </Button>
          }
        >
          Someone was quicker: {problem.available} {ticketTypeName}{' '}
          {problem.available === 1 ? 'ticket is' : 'tickets are'} left, fewer than the {requested}{' '}
          you asked for.
        </Alert>
      );
    case 'busy':
      return (
        <BusyAlert onRetry={onRetry} className={className}>
          Lots of people are buying right now and we could not hold your seats. Nothing was reserved
          or charged.
        </BusyAlert>
      );
    case 'gone':
      return (
        <Alert tone="error" title="These tickets are no longer on sale" className={className}>
          The organiser has changed this session. Close this window to see what is available now.
        </Alert>
      );
    case 'invalid':
      return (
        <Alert tone="error" title="Please check your request" className={className}>
          Choose between 1 and {MAX_PER_ORDER} tickets, then try again.
        </Alert>
      );
    case 'unknown':
      return (
        <Alert
          tone="error"
          title="Something went wrong"
          className={className}
          action={
            <Button variant="secondary" size="sm" onClick={onRetry}>
              Try again
            </Button>
          }
        >
          We could not hold your seats. Nothing was reserved or charged.
        </Alert>
      );
  }
}
