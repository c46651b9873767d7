import { Badge, type BadgeTone } from '../ui/badge';
import { availabilityLabel, type AvailabilityStatus } from './availability';

const tones: Record<AvailabilityStatus, BadgeTone> = {
  on_sale: 'success',
  few_left: 'warning',
  sold_out: 'neutral',
};

export function AvailabilityBadge({ status }: { status: AvailabilityStatus }) {
  return <Badge tone={tones[status]}>{availabilityLabel[status]}</Badge>;
}
