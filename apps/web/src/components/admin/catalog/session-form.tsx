'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';

import { sessionFields } from '../../../server/routers/admin-schemas';
import { useTRPC } from '../../../trpc/react';
import { Button } from '../../ui/button';
import { Field } from '../../ui/field';
import { FormFailureAlert } from '../forms/form-failure-alert';
import { formMessages } from '../forms/form-messages';
import { fromLocalInput, toLocalInput } from '../forms/local-date-time';
import { type FormFailure, showServerError } from '../forms/server-errors';

/** `datetime-local` values become the API's ISO instants, then the API's own rules apply. */
const localInstant = z.string().transform(fromLocalInput).pipe(sessionFields.starts_at);

const sessionFormSchema = z
  .object({
    starts_at: localInstant,
    ends_at: localInstant,
    total_capacity: sessionFields.total_capacity,
  })
  .refine((value) => Date.parse(value.ends_at) > Date.parse(value.starts_at), {
    message: 'Must be after the start',
    path: ['ends_at'],
  });

type SessionFormValues = z.input<typeof sessionFormSchema>;

const serverFields = {
  starts_at: 'starts_at',
  ends_at: 'ends_at',
  total_capacity: 'total_capacity',
} as const;

export interface EditableSession {
  id: string;
  starts_at: string;
  ends_at: string;
  total_capacity: number;
}

/** Adds a session to an event (`eventId`) or edits one (`session`). */
export function SessionForm({
  eventId,
  session,
  allocated = 0,
  onDone,
  onCancel,
}: {
  eventId: string;
  session?: EditableSession;
  /** Seats already given to ticket types: the capacity cannot go below it. */
  allocated?: number;
  onDone: () => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.admin.sessions.create.mutationOptions());
  const update = useMutation(trpc.admin.sessions.update.mutationOptions());
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SessionFormValues, unknown, z.output<typeof sessionFormSchema>>({
    resolver: zodResolver(sessionFormSchema, { error: formMessages }),
    mode: 'onTouched',
    defaultValues: {
      starts_at: session ? toLocalInput(session.starts_at) : '',
      ends_at: session ? toLocalInput(session.ends_at) : '',
      total_capacity: session?.total_capacity,
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      if (session) await update.mutateAsync({ id: session.id, ...values });
      else await create.mutateAsync({ id: eventId, ...values });
      router.refresh();
      onDone();
    } catch (error) {
      setFailure(showServerError(error, setError, serverFields));
    }
  });

  return (
    <form
      aria-label={session ? 'Edit session' : 'New session'}
      noValidate
      onSubmit={onSubmit}
      className="space-y-4 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200"
    >
      <FormFailureAlert failure={failure} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          label="Starts at"
          type="datetime-local"
          error={errors.starts_at?.message}
          {...register('starts_at')}
        />
        <Field
          label="Ends at"
          type="datetime-local"
          error={errors.ends_at?.message}
          {...register('ends_at')}
        />
        <Field
          label="Capacity"
          type="number"
          inputMode="numeric"
          min={Math.max(1, allocated)}
          step={1}
          hint={allocated > 0 ? `${allocated} seats are given to ticket types` : 'Seats in all'}
          error={errors.total_capacity?.message}
          {...register('total_capacity', { valueAsNumber: true })}
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={isSubmitting}>
          Save session
        </Button>
        <Button variant="ghost" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
