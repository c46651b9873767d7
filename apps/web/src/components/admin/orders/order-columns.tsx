import { type ColumnDef, type SortingState } from '@tanstack/react-table';
import type { OrderSort } from '@ticketing/trpc/orders/contract';
import Link from 'next/link';

import { formatPrice } from '../../../app/format';
import { OrderStatusBadge } from './order-status-badge';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export interface OrderRow {
  order_id: string;
  status: string;
  total: string;
  customer_email: string;
  customer_name: string | null;
  created_at: string;
  cancel_reason?: string | null;
  items: { quantity: number; event_name?: string | null }[];
}

const ticketsOf = (order: OrderRow) => order.items.reduce((sum, item) => sum + item.quantity, 0);
const eventsOf = (order: OrderRow) =>
  [...new Set(order.items.map((item) => item.event_name).filter(Boolean))].join(', ') || '—';

export const columns: ColumnDef<OrderRow>[] = [
  {
    id: 'order',
    header: 'Order',
    enableSorting: false,
    cell: ({ row }) => (
      <Link
        href={`/admin/orders/${row.original.order_id}`}
        className="font-mono text-sm font-semibold"
        aria-label={`Order ${row.original.order_id}`}
      >
        {row.original.order_id.slice(0, 8)}
      </Link>
    ),
  },
  {
    id: 'created_at',
    header: 'Date',
    accessorFn: (order) => order.created_at,
    cell: ({ getValue }) => dateTime.format(new Date(String(getValue()))),
  },
  {
    id: 'customer',
    header: 'Customer',
    enableSorting: false,
    cell: ({ row }) => (
      <div className="max-w-[16rem]">
        <div className="truncate font-medium text-slate-900">
          {row.original.customer_name ?? '—'}
        </div>
        <div className="truncate text-slate-600">{row.original.customer_email}</div>
      </div>
    ),
  },
  {
    id: 'event',
    header: 'Event',
    enableSorting: false,
    cell: ({ row }) => <div className="max-w-[14rem] truncate">{eventsOf(row.original)}</div>,
  },
  {
    id: 'tickets',
    header: 'Tickets',
    enableSorting: false,
    cell: ({ row }) => <span className="tabular-nums">{ticketsOf(row.original)}</span>,
  },
  {
    id: 'status',
    header: 'Status',
    enableSorting: false,
    cell: ({ row }) => (
      <OrderStatusBadge status={row.original.status} reason={row.original.cancel_reason} />
    ),
  },
  {
    id: 'total',
    header: 'Total',
    accessorFn: (order) => Number(order.total),
    cell: ({ row }) => (
      <span className="tabular-nums font-medium">{formatPrice(row.original.total)}</span>
    ),
  },
];

/** The table's sort as the orders service's `sort` (it pages in that order). */
export function sortOf(sorting: SortingState): OrderSort | undefined {
  const [rule] = sorting;
  if (!rule) return undefined;
  return `${rule.id === 'total' ? 'total' : 'created'}_${rule.desc ? 'desc' : 'asc'}`;
}

const sortLabels: Record<OrderSort, string> = {
  created_desc: 'newest first',
  created_asc: 'oldest first',
  total_desc: 'highest total first',
  total_asc: 'lowest total first',
};
export const sortLabel = (sort: OrderSort | undefined) => sortLabels[sort ?? 'created_desc'];
