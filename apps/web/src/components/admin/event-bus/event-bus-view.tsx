'use client';

import { useQuery } from '@tanstack/react-query';
import { CheckCircle2, Inbox, Send } from 'lucide-react';

import { clientErrorOf } from '../../../trpc/client-error';
import { useTRPC } from '../../../trpc/react';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Skeleton } from '../../ui/skeleton';
import { Panel } from '../page-header';
import { DeadLetters } from './dead-letters';
import { formatAge } from './format-age';

const LIVE_MS = 3_000;

export function EventBusView() {
  const trpc = useTRPC();
  const overview = useQuery({
    ...trpc.admin.eventBus.overview.queryOptions(),
    refetchInterval: LIVE_MS,
  });

  if (overview.isPending) {
    return (
      <div role="status" aria-label="Loading the event bus" className="grid gap-4 sm:grid-cols-3">
        {Array.from({ length: 3 }, (_, index) => (
          <Skeleton key={index} className="h-28" />
        ))}
      </div>
    );
  }
  if (overview.isError) {
    return (
      <Alert tone="error" title="The event bus could not be read">
        {clientErrorOf(overview.error).message}
      </Alert>
    );
  }
  const { outboxes, queues } = overview.data;

  return (
    <div className="space-y-8">
      <section aria-labelledby="outboxes-heading">
        <h2
          id="outboxes-heading"
          className="mb-3 flex items-center gap-2 text-lg font-semibold text-slate-900"
        >
          <Send aria-hidden="true" className="size-5 text-slate-500" />
          Outboxes
        </h2>
        <ul className="grid gap-4 sm:grid-cols-3">
          {outboxes.map((outbox) => (
            <li
              key={outbox.service}
              className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200"
            >
              <p className="text-sm font-medium text-slate-600">{outbox.service}</p>
              {outbox.available && outbox.unpublished !== null ? (
                <>
                  <p className="mt-2 text-2xl font-bold tabular-nums text-slate-900">
                    {outbox.unpublished}
                    <span className="ml-1 text-sm font-medium text-slate-600">unpublished</span>
                  </p>
                  <p className="mt-1 text-sm text-slate-600">
                    {outbox.oldest_age_seconds === null
                      ? 'Nothing waiting'
                      : `Oldest waiting ${formatAge(outbox.oldest_age_seconds)}`}
                  </p>
                </>
              ) : (
                <p className="mt-2 text-sm font-medium text-red-800">
                  The service did not answer: its backlog is unknown.
                </p>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="queues-heading" className="space-y-4">
        <h2
          id="queues-heading"
          className="flex items-center gap-2 text-lg font-semibold text-slate-900"
        >
          <Inbox aria-hidden="true" className="size-5 text-slate-500" />
          Consumer queues
        </h2>
        {queues.map((queue) => (
          <Panel
            key={queue.queue}
            headingLevel={3}
            title={queue.queue_name}
            description={
              queue.exists
                ? `${queue.queue} consumer · ${queue.consumers} connected · ${queue.depth} waiting · ${queue.dead_letters} dead ${queue.dead_letters === 1 ? 'letter' : 'letters'}`
                : `${queue.queue} consumer · the queue does not exist yet (declared when its consumer starts)`
            }
            actions={
              !queue.exists || queue.consumers === 0 ? (
                <Badge tone="warning">No consumer</Badge>
              ) : queue.dead_letters > 0 ? (
                <Badge tone="danger">{queue.dead_letters} dead</Badge>
              ) : (
                <Badge tone="success">
                  <CheckCircle2 aria-hidden="true" className="mr-1 size-3.5" />
                  Healthy
                </Badge>
              )
            }
          >
            {queue.dead_letters > 0 ? (
              <DeadLetters queue={queue.queue} />
            ) : (
              <p className="text-sm text-slate-600">
                No dead letters: every message was applied or is on its way.
              </p>
            )}
          </Panel>
        ))}
      </section>
    </div>
  );
}
