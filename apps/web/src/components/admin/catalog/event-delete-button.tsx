'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';

import { useTRPC } from '../../../trpc/react';
import { DeleteControl } from './delete-control';

export function EventDeleteButton({ eventId, name }: { eventId: string; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(trpc.admin.events.delete.mutationOptions());
  return (
    <DeleteControl
      label="Delete event"
      title={`Delete ${name}?`}
      description={
        <p>
          The event, its sessions and ticket types leave the shop for good. An event with held or
          sold seats cannot be deleted.
        </p>
      }
      onDelete={async () => {
        await remove.mutateAsync({ id: eventId });
        router.push('/admin/catalog');
        router.refresh();
      }}
    />
  );
}
