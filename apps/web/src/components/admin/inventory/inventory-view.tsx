'use client';

import { useQuery } from '@tanstack/react-query';
import { Boxes } from 'lucide-react';
import { useState } from 'react';

import { formatDateTime } from '../../../app/format';
import { clientErrorOf } from '../../../trpc/client-error';
import { useTRPC } from '../../../trpc/react';
import { Alert } from '../../ui/alert';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/select-field';
import { Skeleton } from '../../ui/skeleton';
import { Table, TableContainer, Td, Th } from '../../ui/table';

const LIVE_MS = 2_000;

/** A thin bar of committed / held / available, drawn to scale of the total. */
function SeatBar({ total, held, committed }: { total: number; held: number; committed: number }) {
  const share = (value: number) => `${total > 0 ? (value / total) * 100 : 0}%`;
  return (
    <div aria-hidden="true" className="flex h-2 w-32 overflow-hidden rounded-full bg-slate-200">
      <div className="bg-brand-600" style={{ width: share(committed) }} />
      <div className="bg-amber-500" style={{ width: share(held) }} />
    </div>
  );
}

export function InventoryView({ events }: { events: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const [eventId, setEventId] = useState('');
  const items = useQuery({
    ...trpc.admin.inventory.items.queryOptions({ event_id: eventId || undefined }),
    refetchInterval: LIVE_MS,
  });
  // Grouped as the catalog reads: event, then its sessions in time, then ticket types.
  const rows = (items.data ?? []).toSorted(
    (a, b) =>
      a.event_name.localeCompare(b.event_name) ||
      a.starts_at.localeCompare(b.starts_at) ||
      a.name.localeCompare(b.name),
  );

  return (
    <>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <SelectField
          label="Event"
          className="w-full sm:w-80"
          value={eventId}
          onChange={(event) => setEventId(event.target.value)}
        >
          <option value="">All events</option>
          {events.map((event) => (
            <option key={event.id} value={event.id}>
              {event.name}
            </option>
          ))}
        </SelectField>
        <p className="flex items-center gap-2 text-sm text-slate-600">
          <span
            aria-hidden="true"
            className={`size-2 rounded-full ${items.isError ? 'bg-red-600' : 'animate-pulse bg-emerald-600'}`}
          />
          {items.isError ? 'Live updates paused' : 'Live · refreshes every 2 s'}
        </p>
      </div>
      {items.isError && (
        <Alert tone="error" title="Inventory could not be loaded" className="mb-4">
          {clientErrorOf(items.error).message}
          {items.data && ' The figures below are from the last successful update.'}
        </Alert>
      )}
      {items.isPending ? (
        <div role="status" aria-label="Loading inventory" className="space-y-2">
          {Array.from({ length: 5 }, (_, index) => (
            <Skeleton key={index} className="h-12 w-full" />
          ))}
        </div>
      ) : rows.length === 0 ? (
        <EmptyState icon={Boxes} title="No ticket types yet">
          Inventory appears here as soon as a session has a ticket type.
        </EmptyState>
      ) : (
        <TableContainer label="Inventory per ticket type">
          <Table>
            <thead>
              <tr>
                <Th>Event · session</Th>
                <Th>Ticket type</Th>
                <Th className="text-right">Total</Th>
                <Th className="text-right">Available</Th>
                <Th className="text-right">Held</Th>
                <Th className="text-right">Committed</Th>
                <Th>
                  <span className="sr-only">Share sold and held</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((item) => (
                <tr key={`${item.session_id}:${item.ticket_type_id}`} className="hover:bg-slate-50">
                  <Td>
                    <div className="font-medium text-slate-900">{item.event_name}</div>
                    <div className="text-slate-600">{formatDateTime(item.starts_at)}</div>
                  </Td>
                  <Td>{item.name}</Td>
                  <Td className="text-right tabular-nums">{item.total}</Td>
                  <Td className="text-right font-semibold tabular-nums">{item.available}</Td>
                  <Td className="text-right tabular-nums">{item.held}</Td>
                  <Td className="text-right tabular-nums">{item.committed}</Td>
                  <Td>
                    <SeatBar total={item.total} held={item.held} committed={item.committed} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}
