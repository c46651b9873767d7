'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import type { EventDto } from '@ticketing/trpc/public/catalog';
import { ImageOff } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';

import { eventFields } from '../../../server/routers/admin-schemas';
import { useTRPC } from '../../../trpc/react';
import { Button } from '../../ui/button';
import { Field } from '../../ui/field';
import { TextareaField } from '../../ui/textarea-field';
import { FormFailureAlert } from '../forms/form-failure-alert';
import { formMessages } from '../forms/form-messages';
import { SavedNote } from '../forms/saved-note';
import { type FormFailure, showServerError } from '../forms/server-errors';

/** The API's event fields; an empty image URL means "no image". */
const eventFormSchema = z.object({
  ...eventFields,
  image_url: z
    .string()
    .trim()
    .transform((value) => (value === '' ? null : value))
    .pipe(eventFields.image_url.unwrap()),
});

type EventFormValues = z.input<typeof eventFormSchema>;

const serverFields = {
  name: 'name',
  description: 'description',
  location: 'location',
  image_url: 'image_url',
} as const;

const previewable = (url: string) => /^(https?:\/\/\S+|\/\S+)$/.test(url.trim());

function ImagePreview({ url }: { url: string }) {
  const [broken, setBroken] = useState<string | null>(null);
  const show = previewable(url) && broken !== url;
  return (
    <figure className="self-start overflow-hidden rounded-xl bg-slate-100 ring-1 ring-slate-200">
      <div className="flex aspect-[16/9] items-center justify-center">
        {show ? (
          // A preview of whatever URL the admin types: next/image would need every host listed.
          <img
            src={url.trim()}
            alt="Preview of the event image"
            className="size-full object-cover"
            onError={() => setBroken(url)}
          />
        ) : (
          <div className="flex flex-col items-center gap-1 px-4 text-center text-sm text-slate-600">
            <ImageOff aria-hidden="true" className="size-6" />
            {url.trim() === '' ? 'No image yet' : 'This image cannot be shown'}
          </div>
        )}
      </div>
      <figcaption className="px-3 py-2 text-xs text-slate-600">
        Image preview (16:9 card)
      </figcaption>
    </figure>
  );
}

/** Creates an event (then opens its editor) or edits one in place. */
export function EventForm({ event }: { event?: EventDto }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.admin.events.create.mutationOptions());
  const update = useMutation(trpc.admin.events.update.mutationOptions());
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [saved, setSaved] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    watch,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<EventFormValues, unknown, z.output<typeof eventFormSchema>>({
    resolver: zodResolver(eventFormSchema, { error: formMessages }),
    mode: 'onTouched',
    defaultValues: {
      name: event?.name ?? '',
      description: event?.description ?? '',
      location: event?.location ?? '',
      image_url: event?.image_url ?? '',
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    setSaved(false);
    try {
      if (event) {
        const updated = await update.mutateAsync({ id: event.id, ...values });
        reset({ ...updated, image_url: updated.image_url ?? '' });
        setSaved(true);
        router.refresh();
      } else {
        const created = await create.mutateAsync(values);
        router.push(`/admin/catalog/${created.id}`);
        router.refresh();
      }
    } catch (error) {
      setFailure(showServerError(error, setError, serverFields));
    }
  });

  return (
    <form
      aria-label="Event details"
      noValidate
      onSubmit={onSubmit}
      className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]"
    >
      <div className="space-y-5">
        <FormFailureAlert failure={failure} />
        <Field label="Name" autoComplete="off" error={errors.name?.message} {...register('name')} />
        <TextareaField
          label="Description"
          rows={5}
          error={errors.description?.message}
          {...register('description')}
        />
        <Field
          label="Location"
          autoComplete="off"
          error={errors.location?.message}
          {...register('location')}
        />
        <Field
          label="Image URL"
          inputMode="url"
          placeholder="https://… or /images/…"
          hint="Optional. Shown on the event's card and page."
          error={errors.image_url?.message}
          {...register('image_url')}
        />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" pending={isSubmitting}>
            Save event
          </Button>
          <SavedNote show={saved} text="Event saved" />
        </div>
      </div>
      <ImagePreview url={watch('image_url') ?? ''} />
    </form>
  );
}
