import type { Executor } from '@ticketing/db/client';
import type { EventPayload } from '@ticketing/events/payloads';

import { describeLines, lineKey } from '../server/tickets/line-details';

type PaidLine = EventPayload<'order.confirmed'>['items'][number];

/** An order line with the catalog names an e-mail shows. */
export interface MailLine extends PaidLine {
  event_name: string;
  location: string;
  /** ISO start of the session; null when the ticket type has left the catalog. */
  starts_at: string | null;
  ticket_type_name: string;
}

/**
 * Names the lines from ticketing_main. A line whose ticket type was deleted meanwhile still gets
 * an e-mail, with neutral names: the buyer must hear about the order either way.
 */
export async function nameOrderLines(
  db: Executor,
  items: readonly PaidLine[],
): Promise<MailLine[]> {
  const details = await describeLines(db, items);
  return items.map((item) => {
    const found = details.get(lineKey(item));
    return found
      ? {
          ...item,
          event_name: found.event_name,
          location: found.location,
          starts_at: found.starts_at,
          ticket_type_name: found.ticket_type_name,
        }
      : {
          ...item,
          event_name: 'Your event',
          location: '',
          starts_at: null,
          ticket_type_name: 'Ticket',
        };
  });
}

/** The event an order is for, as a subject line says it (orders have one event in practice). */
export function eventNameOf(lines: readonly MailLine[]): string {
  const names = [...new Set(lines.map((line) => line.event_name))];
  return names.length === 1 && names[0] ? names[0] : 'your events';
}
