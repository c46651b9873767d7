import { Badge, type BadgeTone } from '../ui/badge';
import { availabilityLabel, type AvailabilityStatus, CHECKING_SEATS } from './availability';

const tones: Record<AvailabilityStatus, BadgeTone> = {
  on_sale: 'success',
  few_left: 'warning',
  sold_out: 'neutral',
};

/** `null`: the seats have not been read live yet (the page may be a cached render), so nothing is claimed. */
export function AvailabilityBadge({ status }: { status: AvailabilityStatus | null }) {
  if (status === null) return <Badge tone="neutral">{CHECKING_SEATS}</Badge>;
  return <Badge tone={tones[status]}>{availabilityLabel[status]}</Badge>;
}
