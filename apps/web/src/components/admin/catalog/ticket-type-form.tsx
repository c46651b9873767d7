'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';

import { ticketTypeFields } from '../../../server/routers/admin-schemas';
import { useTRPC } from '../../../trpc/react';
import { Button } from '../../ui/button';
import { Field } from '../../ui/field';
import { FormFailureAlert } from '../forms/form-failure-alert';
import { formMessages } from '../forms/form-messages';
import { type FormFailure, showServerError } from '../forms/server-errors';

const ticketTypeFormSchema = z.object({
  name: ticketTypeFields.name,
  // "50" is accepted and sent as "50.00": money stays a decimal string, never a float.
  price: z
    .string()
    .trim()
    .transform((value) => (/^\d+$/.test(value) ? `${value}.00` : value))
    .pipe(ticketTypeFields.price),
  quantity: ticketTypeFields.quantity,
});

type TicketTypeFormValues = z.input<typeof ticketTypeFormSchema>;

const serverFields = { name: 'name', price: 'price', quantity: 'quantity' } as const;

export interface EditableTicketType {
  id: string;
  name: string;
  price: string;
  quantity: number;
}

/** Adds a ticket type to a session (`sessionId`) or edits one (`ticketType`). */
export function TicketTypeForm({
  sessionId,
  ticketType,
  remaining,
  onDone,
  onCancel,
}: {
  sessionId: string;
  ticketType?: EditableTicketType;
  /** Seats of the session's capacity not given to another ticket type. */
  remaining: number;
  onDone: () => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.admin.ticketTypes.create.mutationOptions());
  const update = useMutation(trpc.admin.ticketTypes.update.mutationOptions());
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<TicketTypeFormValues, unknown, z.output<typeof ticketTypeFormSchema>>({
    resolver: zodResolver(ticketTypeFormSchema, { error: formMessages }),
    mode: 'onTouched',
    defaultValues: {
      name: ticketType?.name ?? '',
      price: ticketType?.price ?? '',
      quantity: ticketType?.quantity,
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      if (ticketType) await update.mutateAsync({ id: ticketType.id, ...values });
      else await create.mutateAsync({ id: sessionId, ...values });
      router.refresh();
      onDone();
    } catch (error) {
      setFailure(showServerError(error, setError, serverFields));
    }
  });

  return (
    <form
      aria-label={ticketType ? `Edit ${ticketType.name}` : 'New ticket type'}
      noValidate
      onSubmit={onSubmit}
      className="space-y-4 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200"
    >
      <FormFailureAlert failure={failure} />
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr]">
        <Field label="Name" autoComplete="off" error={errors.name?.message} {...register('name')} />
        <Field
          label="Price"
          inputMode="decimal"
          placeholder="50.00"
          hint="In euros, e.g. 49.50"
          error={errors.price?.message}
          {...register('price')}
        />
        <Field
          label="Quantity"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          hint={`${Math.max(0, remaining)} seats of the session left to give`}
          error={errors.quantity?.message}
          {...register('quantity', { valueAsNumber: true })}
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={isSubmitting}>
          Save ticket type
        </Button>
        <Button variant="ghost" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
