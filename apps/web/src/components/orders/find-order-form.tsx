'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { findOrderInput } from '@ticketing/trpc/public/orders';
import { Search } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';

import { type ClientError,clientErrorOf } from '../../trpc/client-error';
import { useTRPC } from '../../trpc/react';
import { BusyAlert } from '../checkout/busy-alert';
import { isBusy } from '../checkout/purchase-errors';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Field } from '../ui/field';

type FindValues = z.input<typeof findOrderInput>;

const messages = (issue: { path?: PropertyKey[]; input?: unknown }) => {
  const field = issue.path?.[0];
  const empty = typeof issue.input !== 'string' || issue.input.trim() === '';
  if (field === 'order_id') return empty ? 'Enter your order number' : 'Check the order number';
  if (field === 'customer_email') {
    return empty ? 'Enter your e-mail address' : 'Enter an e-mail address like name@example.com';
  }
  return undefined;
};

/**
 * Order number + e-mail → the order page. A wrong pair answers "No such order" whichever half was
 * wrong: the server says no more than that either.
 */
export function FindOrderForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const find = useMutation(trpc.orders.find.mutationOptions());
  const [failure, setFailure] = useState<ClientError | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<FindValues>({
    resolver: zodResolver(findOrderInput, { error: messages }),
    defaultValues: { order_id: '', customer_email: '' },
    mode: 'onTouched',
  });

  const submit = handleSubmit(async (values) => {
    if (find.isPending) return;
    setFailure(null);
    try {
      const found = await find.mutateAsync(values);
      router.push(`/orders/${found.order_id}`);
    } catch (caught) {
      setFailure(clientErrorOf(caught));
    }
  });

  return (
    <Card className="mt-6 p-5 sm:p-6">
      <form onSubmit={submit} noValidate className="space-y-5">
        <Field
          label="Order number"
          autoComplete="off"
          spellCheck={false}
          placeholder="e.g. 3f2a9c1d-…"
          hint="In your confirmation e-mail and at the top of your order page."
          error={errors.order_id?.message}
          {...register('order_id')}
        />
        <Field
          label="E-mail"
          type="email"
          autoComplete="email"
          inputMode="email"
          error={errors.customer_email?.message}
          {...register('customer_email')}
        />
        {failure && <FindFailure error={failure} onRetry={submit} pending={find.isPending} />}
        <Button type="submit" size="lg" className="w-full" pending={find.isPending}>
          {!find.isPending && <Search aria-hidden="true" className="size-4" />}
          Find order
        </Button>
      </form>
    </Card>
  );
}

function FindFailure({
  error,
  onRetry,
  pending,
}: {
  error: ClientError;
  onRetry: () => void;
  pending: boolean;
}) {
  if (error.code === 'not_found' || error.code === 'validation_error') {
    return (
      <Alert tone="error" title="No such order">
        Check the order number and use the e-mail address you bought the tickets with.
      </Alert>
    );
  }
  if (isBusy(error)) {
    return (
      <BusyAlert onRetry={onRetry} pending={pending}>
        We could not look the order up just now.
      </BusyAlert>
    );
  }
  return (
    <Alert tone="error" title="Something went wrong">
      Try again in a moment.
    </Alert>
  );
}
