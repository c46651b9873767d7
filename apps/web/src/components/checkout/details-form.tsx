'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { ArrowRight } from 'lucide-react';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';

import { type ClientError,clientErrorOf } from '../../trpc/client-error';
import { useTRPC } from '../../trpc/react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { BusyAlert } from './busy-alert';
import { checkoutKeyFor, rememberEmail } from './checkout-key';
import {
  detailsErrorMap,
  detailsMessage,
  detailsSchema,
  type DetailsValues,
  isDetailsField,
} from './details-schema';
import { BUSY_TEXT, fallbackMessage, isBusy, isTimeUp } from './purchase-errors';

export interface CheckedOut {
  order_id: string;
  total: string;
  payment_deadline: string;
}

/** The codes that mean the hold can no longer be checked out from this page. */
const HOLD_GONE = new Set(['hold_expired', 'hold_not_active', 'not_found']);

/**
 * Step 1: name and e-mail, then `orders.checkout` under the hold's one Idempotency-Key. The button
 * is disabled while the call runs, and a retry (or a reload and a second try) sends the same key,
 * so orders never makes a second order for this hold.
 */
export function DetailsForm({
  holdId,
  defaultEmail,
  defaultName,
  onCheckedOut,
  onHoldGone,
  onCheckedOutElsewhere,
}: {
  holdId: string;
  defaultEmail: string;
  defaultName: string;
  onCheckedOut: (order: CheckedOut) => void;
  onHoldGone: (error: ClientError) => void;
  /** Another tab or an earlier visit checked the hold out: true once its order is found. */
  onCheckedOutElsewhere: () => Promise<boolean>;
}) {
  const trpc = useTRPC();
  const checkout = useMutation(trpc.orders.checkout.mutationOptions());
  const [failure, setFailure] = useState<ClientError | null>(null);
  // What was sent when the outcome was unknown: the same key with other details is refused (422).
  const lastUnknown = useRef<DetailsValues | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<DetailsValues>({
    resolver: zodResolver(detailsSchema, { error: detailsErrorMap }),
    defaultValues: { customer_name: defaultName, customer_email: defaultEmail },
    mode: 'onTouched',
  });

  const submit = handleSubmit(async (values) => {
    if (checkout.isPending) return;
    setFailure(null);
    rememberEmail(values.customer_email);
    try {
      const order = await checkout.mutateAsync({
        idempotency_key: checkoutKeyFor(holdId),
        hold_id: holdId,
        customer_email: values.customer_email,
        customer_name: values.customer_name,
      });
      onCheckedOut(order);
    } catch (caught) {
      const error = clientErrorOf(caught);
      if (error.code === 'validation_error') {
        let mapped = false;
        for (const [name, message] of Object.entries(error.fields)) {
          if (!isDetailsField(name)) continue;
          setError(
            name,
            { message: detailsMessage(name, { code: message }) },
            { shouldFocus: !mapped },
          );
          mapped = true;
        }
        if (mapped) return;
      }
      if (error.code === 'hold_not_active' && error.details.status === 'converted') {
        if (await onCheckedOutElsewhere()) return;
        setFailure(error);
        return;
      }
      if (isTimeUp(error) || HOLD_GONE.has(error.code)) {
        onHoldGone(error);
        return;
      }
      if (isBusy(error)) lastUnknown.current = values;
      if (error.code === 'idempotency_key_reused' && lastUnknown.current) {
        reset(lastUnknown.current);
      }
      setFailure(error);
    }
  });

  const nameError = errors.customer_name?.message;
  const emailError = errors.customer_email?.message;

  return (
    <form onSubmit={submit} noValidate className="space-y-5" aria-labelledby="details-heading">
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          label="Full name"
          autoComplete="name"
          error={nameError}
          {...register('customer_name')}
        />
        <Field
          label="E-mail"
          type="email"
          autoComplete="email"
          inputMode="email"
          error={emailError}
          hint="Your tickets and receipt are sent here."
          {...register('customer_email')}
        />
      </div>
      {failure && <CheckoutFailure error={failure} onRetry={submit} pending={checkout.isPending} />}
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-slate-600">You pay on the next step.</p>
        <Button type="submit" size="lg" pending={checkout.isPending} className="w-full sm:w-auto">
          Continue to payment
          {!checkout.isPending && <ArrowRight aria-hidden="true" className="size-4" />}
        </Button>
      </div>
    </form>
  );
}

function CheckoutFailure({
  error,
  onRetry,
  pending,
}: {
  error: ClientError;
  onRetry: () => void;
  pending: boolean;
}) {
  if (error.code === 'hold_not_active') {
    return (
      <Alert
        tone="warning"
        title="This order is already being completed"
        action={
          <Button variant="secondary" size="sm" onClick={onRetry} pending={pending}>
            Check again
          </Button>
        }
      >
        It was started in another tab or window: finish it there. If it is not completed, the seats
        are released when the timer ends.
      </Alert>
    );
  }
  if (error.code === 'idempotency_key_reused') {
    return (
      <Alert tone="error" title="Your order was already started with other details">
        We put back the name and e-mail you entered first. Continue with them to finish that order.
      </Alert>
    );
  }
  if (isBusy(error)) {
    return (
      <BusyAlert onRetry={onRetry} pending={pending}>
        {BUSY_TEXT} Trying again will not create a second order.
      </BusyAlert>
    );
  }
  const { title, text } = fallbackMessage(error);
  return (
    <Alert tone="error" title={title}>
      {text}
    </Alert>
  );
}
