import { describe, expect, it } from 'vitest';

import { ticketsOf, verifyTicketCode } from '../src/server/tickets/ticket-codes';

const orderId = '3f2a9c1d-0000-4000-8000-000000000001';
const lines = [
  { session_id: 's1', ticket_type_id: 't1', quantity: 2 },
  { session_id: 's1', ticket_type_id: 't2', quantity: 1 },
];

describe('ticket codes', () => {
  it('makes one ticket per seat, numbered across the lines', () => {
    const tickets = ticketsOf('secret-a', orderId, lines);
    expect(tickets.map((ticket) => ticket.label)).toEqual([
      '3F2A9C1D-01',
      '3F2A9C1D-02',
      '3F2A9C1D-03',
    ]);
    expect(tickets.map((ticket) => ticket.ticket_type_id)).toEqual(['t1', 't1', 't2']);
    expect(new Set(tickets.map((ticket) => ticket.code)).size).toBe(3);
  });

  it('verifies its own codes and refuses forged or foreign ones', () => {
    const [ticket] = ticketsOf('secret-a', orderId, lines);
    expect(ticket && verifyTicketCode('secret-a', ticket.code)).toEqual({ orderId, seat: 1 });
    expect(ticket && verifyTicketCode('secret-b', ticket.code)).toBeNull();
    const forged = `T1.${orderId}.2.${ticket?.code.split('.')[3] ?? ''}`;
    expect(verifyTicketCode('secret-a', forged)).toBeNull();
    expect(verifyTicketCode('secret-a', 'garbage')).toBeNull();
  });
});
