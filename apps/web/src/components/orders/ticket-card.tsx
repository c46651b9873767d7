'use client';

import { useQuery } from '@tanstack/react-query';

import { formatDateTime } from '../../app/format';
import { qrDataUrl } from './qr-data-url';
import type { OrderTicket } from './types';

/** One admission ticket: its QR code (the signed code), label, event, session and type. */
export function TicketCard({ ticket, initialQr }: { ticket: OrderTicket; initialQr?: string }) {
  const qr = useQuery({
    queryKey: ['ticket-qr', ticket.code],
    queryFn: () => qrDataUrl(ticket.code),
    initialData: initialQr,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const alt = `QR code for ticket ${ticket.label}`;
  return (
    <li className="ticket flex break-inside-avoid flex-col gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:flex-row sm:items-center print:shadow-none print:ring-slate-400">
      <div className="mx-auto size-40 shrink-0 rounded-lg bg-white p-1 ring-1 ring-slate-200 sm:mx-0">
        {qr.data ? (
          <img src={qr.data} alt={alt} width={152} height={152} className="size-full" />
        ) : (
          <div
            role="img"
            aria-label={alt}
            className="size-full animate-pulse rounded bg-slate-100"
          />
        )}
      </div>
      <div className="min-w-0 flex-1 text-center sm:text-left">
        <p className="text-xs font-semibold tracking-wide text-brand-700 uppercase">
          Admission ticket
        </p>
        <p className="mt-1 font-mono text-xl font-bold tracking-wider text-slate-900">
          {ticket.label}
        </p>
        <p className="mt-2 font-semibold text-slate-900">{ticket.event_name}</p>
        <p className="text-sm text-slate-700">
          <time dateTime={ticket.starts_at} suppressHydrationWarning>
            {ticket.starts_at ? formatDateTime(ticket.starts_at) : ''}
          </time>
        </p>
        {ticket.location && <p className="text-sm text-slate-700">{ticket.location}</p>}
        <p className="mt-2 inline-flex rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-semibold text-slate-800">
          {ticket.ticket_type_name}
        </p>
      </div>
    </li>
  );
}
