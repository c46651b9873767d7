import { createHmac, timingSafeEqual } from 'node:crypto';

/** One admission ticket: one seat of one order line. */
export interface Ticket {
  /** What a person reads at the door: order prefix and seat number, e.g. `3F2A9C1D-02`. */
  label: string;
  ticket_type_id: string;
  session_id: string;
  /** What the QR code encodes: `T1.<order id>.<seat number>.<signature>`. */
  code: string;
}

export interface TicketLine {
  session_id: string;
  ticket_type_id: string;
  quantity: number;
}

const VERSION = 'T1';

function signature(secret: string, orderId: string, seat: number): string {
  // 128 bits of HMAC-SHA256: a code cannot be made from the order id without the secret.
  return createHmac('sha256', secret)
    .update(`${VERSION}:${orderId}:${seat}`)
    .digest('base64url')
    .slice(0, 22);
}

/** The tickets of a confirmed order: one per seat, numbered across its lines from 1. */
export function ticketsOf(secret: string, orderId: string, lines: readonly TicketLine[]): Ticket[] {
  const prefix = orderId.slice(0, 8).toUpperCase();
  const tickets: Ticket[] = [];
  let seat = 0;
  for (const line of lines) {
    for (let i = 0; i < line.quantity; i += 1) {
      seat += 1;
      tickets.push({
        label: `${prefix}-${String(seat).padStart(2, '0')}`,
        session_id: line.session_id,
        ticket_type_id: line.ticket_type_id,
        code: `${VERSION}.${orderId}.${seat}.${signature(secret, orderId, seat)}`,
      });
    }
  }
  return tickets;
}

/** Reads a scanned code back: the order and seat when the signature is ours, otherwise null. */
export function verifyTicketCode(
  secret: string,
  code: string,
): { orderId: string; seat: number } | null {
  const [version, orderId, seatText, given] = code.split('.');
  if (version !== VERSION || !orderId || !seatText || !given) return null;
  const seat = Number(seatText);
  if (!Number.isInteger(seat) || seat < 1) return null;
  const expected = Buffer.from(signature(secret, orderId, seat));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return { orderId, seat };
}
