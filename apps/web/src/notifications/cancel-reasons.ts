/**
 * Why an order was cancelled, in the buyer's words. Reasons come from orders
 * (`order.cancelled`.reason); an unknown one still gets a plain sentence rather than a code.
 */
export function cancellationWording(reason: string): { refunded: boolean; explanation: string } {
  switch (reason) {
    case 'refunded_by_admin':
      return {
        refunded: true,
        explanation:
          'The organiser refunded this order. The money is on its way back to the card you paid with, and the tickets are no longer valid.',
      };
    case 'inventory_unavailable':
      return {
        refunded: true,
        explanation:
          'We could not secure your seats after your payment went through, so we cancelled the order and refunded your payment in full. We are sorry.',
      };
    case 'payment_timeout':
      return {
        refunded: false,
        explanation:
          'The payment was not completed in time, so the seats were released. Nothing was charged.',
      };
    case 'customer':
      return {
        refunded: false,
        explanation: 'You cancelled this order before paying. Nothing was charged.',
      };
    default:
      return {
        refunded: false,
        explanation: 'This order was cancelled. Any tickets it had are no longer valid.',
      };
  }
}
