export type AvailabilityStatus = 'on_sale' | 'few_left' | 'sold_out';

/** Most seats one buyer may hold at once from the storefront. */
export const MAX_PER_ORDER = 10;

/** "Few left" once a tenth or less remains (at least the last five seats). */
export function availabilityStatus(available: number, capacity: number): AvailabilityStatus {
  if (available <= 0) return 'sold_out';
  if (available <= Math.max(5, Math.ceil(capacity / 10))) return 'few_left';
  return 'on_sale';
}

/** What stands where the seats go until the browser has read them live. */
export const CHECKING_SEATS = 'Checking seats…';

export const availabilityLabel: Record<AvailabilityStatus, string> = {
  on_sale: 'On sale',
  few_left: 'Few left',
  sold_out: 'Sold out',
};
