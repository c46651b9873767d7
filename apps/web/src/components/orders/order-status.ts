import type { OrderSummary } from './types';

/** The headline and explanation of an order that will never admit anyone. */
export function endedOrderText(order: OrderSummary): { title: string; text: string } {
  switch (order.cancel_reason) {
    case 'refunded_by_admin':
      return {
        title: 'This order was refunded',
        text: 'The organiser refunded this order in full. Its tickets are no longer valid.',
      };
    case 'payment_timeout':
      return {
        title: 'This order was cancelled',
        text: 'The payment did not arrive before the seats’ hold ran out, so the seats went back on sale. Nothing was charged.',
      };
    case 'inventory_unavailable':
      return {
        title: 'This order was cancelled',
        text: 'We could not secure your seats, so the order was cancelled and your payment refunded in full.',
      };
    default:
      return {
        title: 'This order was cancelled',
        text: 'The order was cancelled before it was paid. Nothing was charged.',
      };
  }
}

/** "Riverside Arena" for one event; "A and B" for an order across two. */
export function eventNamesOf(order: OrderSummary): string {
  const names = [...new Set(order.lines.map((line) => line.event_name))];
  if (names.length <= 1) return names[0] ?? 'your event';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
