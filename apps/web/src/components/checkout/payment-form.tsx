'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { CreditCard, Lock } from 'lucide-react';
import { type ChangeEvent, useState } from 'react';
import { useForm } from 'react-hook-form';

import { formatPrice } from '../../app/format';
import { type ClientError,clientErrorOf } from '../../trpc/client-error';
import { useTRPC } from '../../trpc/react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { BusyAlert } from './busy-alert';
import {
  digitsOf,
  formatCardNumber,
  formatCvc,
  formatExpiry,
  paymentSchema,
  type PaymentValues,
} from './card-format';
import { fallbackMessage, isBusy, isTimeUp } from './purchase-errors';
import { TestCards } from './test-cards';

/**
 * Step 2: the stub card form. Confirm is idempotent on the server (a second confirm answers the
 * same and charges nothing); the button is still disabled while a payment is on its way.
 */
export function PaymentForm({
  orderId,
  total,
  onPaid,
  onTimeUp,
  onOrderChanged,
}: {
  orderId: string;
  total: string;
  onPaid: () => void;
  onTimeUp: (error: ClientError) => void;
  onOrderChanged: () => void;
}) {
  const trpc = useTRPC();
  const confirm = useMutation(trpc.orders.confirm.mutationOptions());
  const [failure, setFailure] = useState<ClientError | null>(null);
  const {
    register,
    handleSubmit,
    setValue,
    getValues,
    setFocus,
    formState: { errors, isSubmitted },
  } = useForm<PaymentValues>({
    resolver: zodResolver(paymentSchema),
    defaultValues: { card_number: '', expiry: '', cvc: '' },
    mode: 'onTouched',
  });

  /** Reformats a field as the buyer types, keeping validation in step once they tried to pay. */
  const formatted = (
    name: keyof PaymentValues,
    format: (value: string, previous: string) => string,
  ) => {
    const field = register(name);
    return {
      ...field,
      onChange: (event: ChangeEvent<HTMLInputElement>) => {
        const next = format(event.target.value, getValues(name));
        setValue(name, next, { shouldValidate: isSubmitted || Boolean(errors[name]) });
      },
    };
  };

  const pay = handleSubmit(async (values) => {
    if (confirm.isPending) return;
    setFailure(null);
    try {
      await confirm.mutateAsync({ id: orderId, card_number: digitsOf(values.card_number) });
      onPaid();
    } catch (caught) {
      const error = clientErrorOf(caught);
      if (isTimeUp(error)) return onTimeUp(error);
      if (error.code === 'order_not_pending') return onOrderChanged();
      setFailure(error);
      if (error.code === 'payment_declined') setFocus('card_number');
    }
  });

  return (
    <form onSubmit={pay} noValidate className="space-y-5" aria-labelledby="payment-heading">
      <TestCards />
      <div className="grid grid-cols-2 gap-x-4 gap-y-5">
        <Field
          label="Card number"
          className="col-span-2"
          inputMode="numeric"
          autoComplete="cc-number"
          placeholder="1234 5678 9012 3456"
          maxLength={23}
          error={errors.card_number?.message}
          {...formatted('card_number', formatCardNumber)}
        />
        <Field
          label="Expiry date"
          inputMode="numeric"
          autoComplete="cc-exp"
          placeholder="MM/YY"
          maxLength={5}
          hint="MM/YY"
          error={errors.expiry?.message}
          {...formatted('expiry', formatExpiry)}
        />
        <Field
          label="CVC"
          inputMode="numeric"
          autoComplete="cc-csc"
          placeholder="123"
          maxLength={4}
          hint="3 or 4 digits"
          error={errors.cvc?.message}
          {...formatted('cvc', formatCvc)}
        />
      </div>
      {failure && <PaymentFailure error={failure} onRetry={pay} pending={confirm.isPending} />}
      <Button type="submit" size="lg" pending={confirm.isPending} className="w-full">
        {!confirm.isPending && <Lock aria-hidden="true" className="size-4" />}
        {confirm.isPending ? `Paying ${formatPrice(total)}…` : `Pay ${formatPrice(total)}`}
      </Button>
      <p className="flex items-center justify-center gap-2 text-xs text-slate-600">
        <CreditCard aria-hidden="true" className="size-4" />
        Test mode: no real card is charged.
      </p>
    </form>
  );
}

function PaymentFailure({
  error,
  onRetry,
  pending,
}: {
  error: ClientError;
  onRetry: () => void;
  pending: boolean;
}) {
  if (error.code === 'payment_declined') {
    return (
      <Alert tone="error" title="Your card was declined. Nothing was charged.">
        Check the details or use another card, then pay again. Your seats are still held.
      </Alert>
    );
  }
  if (isBusy(error)) {
    return (
      <BusyAlert onRetry={onRetry} pending={pending}>
        We could not reach the payment service. Trying again never charges you twice.
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
