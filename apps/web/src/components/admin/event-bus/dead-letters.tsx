'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RotateCw, Trash2 } from 'lucide-react';
import { useState } from 'react';

import { clientErrorOf } from '../../../trpc/client-error';
import { useTRPC } from '../../../trpc/react';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Skeleton } from '../../ui/skeleton';
import { Table, TableContainer, Td, Th } from '../../ui/table';
import { formatAge } from './format-age';

interface DeadLetter {
  id: string;
  event_id: string | null;
  event_type: string | null;
  error: string | null;
  attempts: number;
  dead_lettered_at: string | null;
}

function DiscardButton({
  queue,
  letter,
  onDone,
}: {
  queue: string;
  letter: DeadLetter;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const discard = useMutation(trpc.admin.eventBus.discard.mutationOptions());
  const [open, setOpen] = useState(false);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) discard.reset();
      }}
      trigger={
        <Button variant="secondary" size="sm">
          <Trash2 aria-hidden="true" className="size-4 text-red-700" />
          Discard
        </Button>
      }
      title="Discard this message?"
      description={
        <p>
          The <strong>{letter.event_type ?? 'unreadable'}</strong> message is deleted from the
          dead-letter queue and will never be applied. Replay it instead if its effect is still
          needed.
        </p>
      }
      confirmLabel="Discard"
      pending={discard.isPending}
      error={
        discard.isError && (
          <Alert tone="error" title="Not discarded">
            {clientErrorOf(discard.error).message}
          </Alert>
        )
      }
      onConfirm={() =>
        discard.mutate(
          { queue, id: letter.id },
          {
            onSuccess: () => {
              setOpen(false);
              onDone();
            },
          },
        )
      }
    />
  );
}

function ReplayButton({
  queue,
  letter,
  onDone,
}: {
  queue: string;
  letter: DeadLetter;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const replay = useMutation(trpc.admin.eventBus.replay.mutationOptions());
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="primary"
        size="sm"
        pending={replay.isPending}
        disabled={replay.isSuccess}
        onClick={() => replay.mutate({ queue, id: letter.id }, { onSuccess: onDone })}
      >
        <RotateCw aria-hidden="true" className="size-4" />
        Replay
      </Button>
      {replay.isError && (
        <span role="alert" className="text-xs font-medium text-red-700">
          {clientErrorOf(replay.error).message}
        </span>
      )}
    </div>
  );
}

/** A consumer queue's dead letters, each with Replay and Discard. */
export function DeadLetters({ queue }: { queue: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const letters = useQuery({
    ...trpc.admin.eventBus.deadLetters.queryOptions({ queue }),
    refetchInterval: 5_000,
  });
  const refresh = () =>
    void Promise.all([
      queryClient.invalidateQueries({
        queryKey: trpc.admin.eventBus.deadLetters.queryKey({ queue }),
      }),
      queryClient.invalidateQueries({ queryKey: trpc.admin.eventBus.overview.queryKey() }),
    ]);

  if (letters.isPending) return <Skeleton className="h-20 w-full" />;
  if (letters.isError) {
    return (
      <Alert tone="error" title="Dead letters could not be read">
        {clientErrorOf(letters.error).message}
      </Alert>
    );
  }
  if (letters.data.length === 0) return <p className="text-sm text-slate-600">No dead letters.</p>;
  return (
    <TableContainer label={`Dead letters of ${queue}`}>
      <Table>
        <thead>
          <tr>
            <Th>Event type</Th>
            <Th>Error</Th>
            <Th className="text-right">Attempts</Th>
            <Th>Dead-lettered</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {letters.data.map((letter) => (
            <tr key={letter.id}>
              <Td>
                <div className="font-mono text-xs font-semibold">
                  {letter.event_type ?? 'unreadable'}
                </div>
                <div className="font-mono text-xs text-slate-600">
                  {(letter.event_id ?? letter.id).slice(0, 8)}
                </div>
              </Td>
              <Td wrap className="max-w-xs min-w-48 text-red-800">
                <span className="line-clamp-3 break-words">{letter.error ?? '—'}</span>
              </Td>
              <Td className="text-right tabular-nums">{letter.attempts}</Td>
              <Td>
                {letter.dead_lettered_at ? (
                  <time dateTime={letter.dead_lettered_at} title={letter.dead_lettered_at}>
                    {formatAge((Date.now() - Date.parse(letter.dead_lettered_at)) / 1000)} ago
                  </time>
                ) : (
                  '—'
                )}
              </Td>
              <Td>
                <div className="flex items-start justify-end gap-2">
                  <ReplayButton queue={queue} letter={letter} onDone={refresh} />
                  <DiscardButton queue={queue} letter={letter} onDone={refresh} />
                </div>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableContainer>
  );
}
