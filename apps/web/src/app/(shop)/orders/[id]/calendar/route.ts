import { createEvents, type EventAttributes } from 'ics';

import { serverCaller } from '../../../../../server/caller';
import { callerErrorCode, isUnavailableCode } from '../../../../../server/orders/caller-error-code';

export const dynamic = 'force-dynamic';

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** `Add to calendar`: one calendar event per session of a confirmed order, as an .ics download. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  let order;
  try {
    order = await serverCaller().orders.summary({ id });
  } catch (error) {
    const code = callerErrorCode(error);
    if (code === 'not_found') return text(404, 'No such order');
    if (isUnavailableCode(code)) {
      return text(503, "We're busy, try again in a moment.");
    }
    throw error;
  }
  if (order.status !== 'confirmed')
    return text(409, 'Only a confirmed order has a calendar entry.');

  const orderUrl = new URL(`/orders/${order.order_id}`, request.url).toString();
  const events: EventAttributes[] = order.lines
    .filter((line) => line.starts_at && line.ends_at)
    .map((line) => ({
      uid: `${order.order_id}-${line.session_id}@ticketing`,
      title: line.event_name,
      start: Date.parse(line.starts_at),
      startInputType: 'utc',
      startOutputType: 'utc',
      end: Date.parse(line.ends_at),
      endInputType: 'utc',
      endOutputType: 'utc',
      location: line.location,
      description: `${line.quantity} × ${line.ticket_type_name}. Order ${order.order_id}. Your tickets: ${orderUrl}`,
      url: orderUrl,
      status: 'CONFIRMED',
      busyStatus: 'BUSY',
      productId: 'ticketing/orders',
    }));
  const { error, value } = createEvents(events);
  if (error || !value) throw error ?? new Error('calendar file could not be made');
  return new Response(value, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="tickets-${order.order_id.slice(0, 8)}.ics"`,
      'cache-control': 'private, no-store',
    },
  });
}
