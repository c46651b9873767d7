import type { NextRequest } from 'next/server';
import { getServerSession } from 'next-auth';

import { authOptions } from '../../../../../server/auth/next-auth-options';
import { serverCaller } from '../../../../../server/caller';

export const dynamic = 'force-dynamic';

const PAGE_SIZE = 100;
/** A spreadsheet's worth; beyond it the admin narrows the filters. */
const MAX_ROWS = 50_000;

const header = [
  'order_id',
  'created_at',
  'status',
  'cancel_reason',
  'customer_email',
  'customer_name',
  'events',
  'tickets',
  'total',
];

/** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
function cell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const optional = (params: URLSearchParams, name: string) => params.get(name) || undefined;
const statuses = ['pending', 'confirmed', 'cancelled'] as const;
const statusOf = (value: string | undefined) => statuses.find((status) => status === value);

/**
 * CSV of the filtered orders list, paged through `admin.orders.list` on the server and streamed,
 * so the browser never holds the whole list. A signed-in admin only (401 otherwise).
 */
export async function GET(request: NextRequest): Promise<Response> {
  const session = await getServerSession(authOptions());
  const email = session?.user?.email;
  if (!email) {
    return Response.json(
      { error: 'unauthorized', message: 'Sign in to the admin' },
      { status: 401 },
    );
  }
  const caller = serverCaller({ kind: 'session', email });
  const params = request.nextUrl.searchParams;
  const filters = {
    q: optional(params, 'q'),
    status: statusOf(optional(params, 'status')),
    event_id: optional(params, 'event_id'),
    from: optional(params, 'from'),
    to: optional(params, 'to'),
  };
  // The first page is read before answering, so a bad filter is a 400 and not a broken file.
  let first;
  try {
    first = await caller.admin.orders.list({ ...filters, limit: PAGE_SIZE });
  } catch (error) {
    const message = error instanceof Error ? error.message : 'Invalid filters';
    return Response.json({ error: 'validation_error', message }, { status: 400 });
  }

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(`${header.join(',')}\r\n`));
      let page = first;
      let written = 0;
      for (;;) {
        for (const order of page.results) {
          const events = [...new Set(order.items.map((item) => item.event_name).filter(Boolean))];
          const tickets = order.items.reduce((sum, item) => sum + item.quantity, 0);
          const row = [
            order.order_id,
            order.created_at,
            order.status,
            order.cancel_reason ?? '',
            order.customer_email,
            order.customer_name ?? '',
            events.join('; '),
            tickets,
            order.total,
          ];
          controller.enqueue(encoder.encode(`${row.map(cell).join(',')}\r\n`));
        }
        written += page.results.length;
        if (!page.next_cursor || written >= MAX_ROWS) break;
        try {
          page = await caller.admin.orders.list({
            ...filters,
            cursor: page.next_cursor,
            limit: PAGE_SIZE,
          });
        } catch (error) {
          controller.error(error);
          return;
        }
      }
      controller.close();
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="orders-${day}.csv"`,
      'cache-control': 'no-store',
    },
  });
}
