'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionOffer } from '@ticketing/trpc/public/catalog';
import { CalendarPlus, Pencil, Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

import { formatDateTime, formatPrice } from '../../../app/format';
import { useTRPC } from '../../../trpc/react';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { Table, TableContainer, Td, Th } from '../../ui/table';
import { DeleteControl } from './delete-control';
import { SessionForm } from './session-form';
import { TicketTypeForm } from './ticket-type-form';

/** Which form is open: one at a time keeps the page calm and the labels unambiguous. */
type Editing =
  | { kind: 'new-session' }
  | { kind: 'session'; id: string }
  | { kind: 'new-ticket-type'; sessionId: string }
  | { kind: 'ticket-type'; id: string }
  | null;

const allocatedOf = (session: SessionOffer) =>
  session.ticket_types.reduce((sum, type) => sum + type.quantity, 0);

/** Live counters per ticket type (inventory's own), for "sold / held" beside each quantity. */
interface SeatCounts {
  available: number;
  held: number;
  committed: number;
}

function SessionCard({
  eventId,
  session,
  counts,
  editing,
  setEditing,
}: {
  eventId: string;
  session: SessionOffer;
  counts: Map<string, SeatCounts>;
  editing: Editing;
  setEditing: (editing: Editing) => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const deleteSession = useMutation(trpc.admin.sessions.delete.mutationOptions());
  const deleteTicketType = useMutation(trpc.admin.ticketTypes.delete.mutationOptions());
  const allocated = allocatedOf(session);
  const remaining = session.total_capacity - allocated;
  const title = formatDateTime(session.starts_at);
  const ended = Date.parse(session.ends_at) < Date.now();
  const close = () => setEditing(null);

  return (
    <section
      aria-label={`Session ${title}`}
      className="rounded-2xl bg-white shadow-sm ring-1 ring-slate-200"
    >
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
        <div className="min-w-0">
          <h3 className="flex flex-wrap items-center gap-2 font-semibold text-slate-900">
            {title}
            {ended && <Badge>Ended</Badge>}
          </h3>
          <p className="mt-0.5 text-sm text-slate-600">
            Until {formatDateTime(session.ends_at)} · capacity {session.total_capacity} ·{' '}
            {allocated} given to ticket types
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            size="sm"
            onClick={() => setEditing({ kind: 'session', id: session.id })}
          >
            <Pencil aria-hidden="true" className="size-4" />
            Edit session
          </Button>
          <DeleteControl
            size="sm"
            label="Delete session"
            title="Delete this session?"
            description={
              <p>
                The session on <strong>{title}</strong> and its ticket types will be removed from
                the shop. A session with held or sold seats cannot be deleted.
              </p>
            }
            onDelete={async () => {
              await deleteSession.mutateAsync({ id: session.id });
              router.refresh();
            }}
          />
        </div>
      </div>
      <div className="space-y-4 p-5">
        {editing?.kind === 'session' && editing.id === session.id && (
          <SessionForm
            eventId={eventId}
            session={session}
            allocated={allocated}
            onDone={close}
            onCancel={close}
          />
        )}
        {session.ticket_types.length === 0 ? (
          <p className="text-sm text-slate-600">
            No ticket types yet: nothing of this session is on sale.
          </p>
        ) : (
          <TableContainer label={`Ticket types of ${title}`}>
            <Table>
              <thead>
                <tr>
                  <Th>Ticket type</Th>
                  <Th className="text-right">Price</Th>
                  <Th className="text-right">Quantity</Th>
                  <Th className="text-right">Sold</Th>
                  <Th className="text-right">Held</Th>
                  <Th className="text-right">Available</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {session.ticket_types.map((type) => (
                  <tr key={type.id}>
                    <Td className="font-medium">{type.name}</Td>
                    <Td className="text-right tabular-nums">{formatPrice(type.price)}</Td>
                    <Td className="text-right tabular-nums">{type.quantity}</Td>
                    <Td className="text-right tabular-nums">
                      {counts.get(type.id)?.committed ?? '—'}
                    </Td>
                    <Td className="text-right tabular-nums">{counts.get(type.id)?.held ?? '—'}</Td>
                    <Td className="text-right tabular-nums">
                      {counts.get(type.id)?.available ?? type.available}
                    </Td>
                    <Td className="text-right">
                      <div className="flex justify-end gap-1">
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={`Edit ${type.name}`}
                          onClick={() => setEditing({ kind: 'ticket-type', id: type.id })}
                        >
                          <Pencil aria-hidden="true" className="size-4" />
                        </Button>
                        <DeleteControl
                          size="sm"
                          iconOnly
                          label={`Delete ${type.name}`}
                          title={`Delete ${type.name}?`}
                          description={
                            <p>
                              It leaves the shop at once. A ticket type with held or sold seats
                              cannot be deleted.
                            </p>
                          }
                          onDelete={async () => {
                            await deleteTicketType.mutateAsync({ id: type.id });
                            router.refresh();
                          }}
                        />
                      </div>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </TableContainer>
        )}
        {session.ticket_types.map(
          (type) =>
            editing?.kind === 'ticket-type' &&
            editing.id === type.id && (
              <TicketTypeForm
                key={type.id}
                sessionId={session.id}
                ticketType={type}
                remaining={remaining + type.quantity}
                onDone={close}
                onCancel={close}
              />
            ),
        )}
        {editing?.kind === 'new-ticket-type' && editing.sessionId === session.id ? (
          <TicketTypeForm
            sessionId={session.id}
            remaining={remaining}
            onDone={close}
            onCancel={close}
          />
        ) : (
          <Button
            variant="secondary"
            size="sm"
            onClick={() => setEditing({ kind: 'new-ticket-type', sessionId: session.id })}
          >
            <Plus aria-hidden="true" className="size-4" />
            Add ticket type
          </Button>
        )}
      </div>
    </section>
  );
}

/** An event's sessions and their ticket types, each editable in place. */
export function SessionsEditor({
  eventId,
  sessions,
}: {
  eventId: string;
  sessions: SessionOffer[];
}) {
  const [editing, setEditing] = useState<Editing>(null);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A saved form may have added or resized a ticket type: read its counters again at once.
  const close = () => {
    setEditing(null);
    void queryClient.invalidateQueries({ queryKey: trpc.admin.inventory.items.queryKey() });
  };
  const inventory = useQuery({
    ...trpc.admin.inventory.items.queryOptions({ event_id: eventId }),
    refetchInterval: 5_000,
  });
  const counts = new Map<string, SeatCounts>(
    (inventory.data ?? []).map((item) => [
      item.ticket_type_id,
      { available: item.available, held: item.held, committed: item.committed },
    ]),
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold text-slate-900">Sessions and tickets</h2>
        {editing?.kind !== 'new-session' && (
          <Button onClick={() => setEditing({ kind: 'new-session' })}>
            <CalendarPlus aria-hidden="true" className="size-4" />
            Add session
          </Button>
        )}
      </div>
      {editing?.kind === 'new-session' && (
        <SessionForm eventId={eventId} onDone={close} onCancel={close} />
      )}
      {sessions.length === 0 && editing?.kind !== 'new-session' ? (
        <EmptyState icon={CalendarPlus} title="No sessions yet">
          Add a date with its capacity, then the ticket types buyers can choose from.
        </EmptyState>
      ) : (
        sessions.map((session) => (
          <SessionCard
            key={session.id}
            eventId={eventId}
            session={session}
            counts={counts}
            editing={editing}
            setEditing={setEditing}
          />
        ))
      )}
    </div>
  );
}
