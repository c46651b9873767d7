/** The orders list's filters as they travel in the address bar (shareable, Back works). */
export interface OrderFilters {
  q: string;
  status: '' | 'pending' | 'confirmed' | 'cancelled';
  event: string;
  /** `YYYY-MM-DD`, a day in the admin's time zone, inclusive. */
  from: string;
  to: string;
}

const statuses = new Set(['pending', 'confirmed', 'cancelled']);
const day = /^\d{4}-\d{2}-\d{2}$/;

type Params = { get(name: string): string | null };

export function filtersFrom(params: Params): OrderFilters {
  const status = params.get('status') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    q: (params.get('q') ?? '').trim(),
    status: statuses.has(status) ? (status as OrderFilters['status']) : '',
    event: params.get('event') ?? '',
    from: day.test(from) ? from : '',
    to: day.test(to) ? to : '',
  };
}

export function filtersToSearch(filters: OrderFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** Start of a local day as an ISO instant. */
const dayStart = (value: string) => new Date(`${value}T00:00:00`).toISOString();

/** The procedure's input: days become instants ("To" includes its whole day). */
export function listInput(filters: OrderFilters) {
  const nextDay = (value: string) => {
    const date = new Date(`${value}T00:00:00`);
    date.setDate(date.getDate() + 1);
    return date.toISOString();
  };
  return {
    q: filters.q || undefined,
    status: filters.status || undefined,
    event_id: filters.event || undefined,
    from: filters.from ? dayStart(filters.from) : undefined,
    to: filters.to ? nextDay(filters.to) : undefined,
  };
}
