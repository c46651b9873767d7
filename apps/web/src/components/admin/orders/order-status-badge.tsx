import { Badge, type BadgeTone } from '../../ui/badge';

const tones: Record<string, BadgeTone> = {
  pending: 'warning',
  confirmed: 'success',
  cancelled: 'neutral',
};

const reasonText: Record<string, string> = {
  customer: 'by the buyer',
  payment_timeout: 'payment timed out',
  inventory_unavailable: 'seats unavailable',
  refunded_by_admin: 'refunded',
};

export const cancelReasonText = (reason: string | null | undefined) =>
  reason ? (reasonText[reason] ?? reason.replaceAll('_', ' ')) : null;

/** "Confirmed", "Pending", or "Refunded" for an order an admin refunded. */
export function orderStatusLabel(status: string, reason?: string | null): string {
  if (status === 'cancelled' && reason === 'refunded_by_admin') return 'Refunded';
  return status.charAt(0).toUpperCase() + status.slice(1);
}

export function OrderStatusBadge({ status, reason }: { status: string; reason?: string | null }) {
  return (
    <Badge
      tone={
        status === 'cancelled' && reason === 'refunded_by_admin'
          ? 'info'
          : (tones[status] ?? 'neutral')
      }
    >
      {orderStatusLabel(status, reason)}
    </Badge>
  );
}
