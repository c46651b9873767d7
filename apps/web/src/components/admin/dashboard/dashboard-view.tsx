'use client';

import { useQuery } from '@tanstack/react-query';
import { Banknote, Percent, ReceiptText, Ticket, Timer } from 'lucide-react';
import { useState } from 'react';

import { clientErrorOf } from '../../../trpc/client-error';
import { useTRPC } from '../../../trpc/react';
import { Alert } from '../../ui/alert';
import { SelectField } from '../../ui/select-field';
import { ChartFrame } from './chart-frame';
import { groupedMoney } from './money';
import {
  OrdersByStatusChart,
  SalesPerDayChart,
  SELL_THROUGH_SHOWN,
  SellThroughChart,
} from './sales-charts';
import { StatTile } from './stat-tile';

const DAYS = 30;
/** Sales move while the page is open; a tab in the background does not poll. */
const REFRESH_MS = 10_000;

const percent = (ratio: number) =>
  `${(ratio * 100).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;

function SrTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: string[];
  rows: (string | number)[][];
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {head.map((cell) => (
            <th key={cell} scope="col">
              {cell}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, rowIndex) => (
          <tr key={rowIndex}>
            {row.map((cell, index) => (
              <td key={index}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DashboardView({ events }: { events: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const [eventId, setEventId] = useState('');
  const stats = useQuery({
    ...trpc.admin.stats.overview.queryOptions({ event_id: eventId || undefined, days: DAYS }),
    refetchInterval: REFRESH_MS,
  });
  const data = stats.data;
  const loading = stats.isPending;
  const scope = eventId
    ? (events.find((event) => event.id === eventId)?.name ?? 'this event')
    : 'all events';
  const perDay = data?.per_day ?? [];
  const soldInPeriod = perDay.reduce((sum, point) => sum + point.tickets, 0);
  const bestDay = perDay.reduce<(typeof perDay)[number] | null>(
    (best, point) => (!best || point.tickets > best.tickets ? point : best),
    null,
  );

  return (
    <>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <SelectField
          label="Event"
          className="w-full sm:w-80"
          value={eventId}
          onChange={(event) => setEventId(event.target.value)}
        >
          <option value="">All events</option>
          {events.map((event) => (
            <option key={event.id} value={event.id}>
              {event.name}
            </option>
          ))}
        </SelectField>
        <p className="text-sm text-slate-600" aria-live="polite">
          {stats.isFetching && !loading
            ? 'Updating…'
            : `Last ${DAYS} days · ${scope} · updates every 10 s`}
        </p>
      </div>

      {stats.isError && (
        <Alert tone="error" title="Sales figures could not be loaded" className="mb-6">
          {clientErrorOf(stats.error).message}
        </Alert>
      )}

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-5">
        <StatTile
          label="Tickets sold"
          icon={Ticket}
          loading={loading}
          value={data?.tickets_sold.toLocaleString('en-GB')}
          hint={`Last ${DAYS} days, net of refunds`}
        />
        <StatTile
          label="Revenue"
          icon={Banknote}
          loading={loading}
          value={data && `€${groupedMoney(data.revenue)}`}
          hint={`Last ${DAYS} days`}
        />
        <StatTile
          label="Orders today"
          icon={ReceiptText}
          loading={loading}
          value={data?.orders_today.toLocaleString('en-GB')}
          hint="Since midnight UTC"
        />
        <StatTile
          label="Active holds"
          icon={Timer}
          loading={loading}
          value={data?.holds_active.toLocaleString('en-GB')}
          hint="Seats held at checkout now"
        />
        <StatTile
          label="Conversion"
          icon={Percent}
          loading={loading}
          value={data && percent(data.conversion)}
          hint="Holds that became paid orders"
        />
      </div>

      <div className="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-3">
        <ChartFrame
          className="xl:col-span-2"
          title="Tickets sold and revenue per day"
          loading={loading}
          empty={soldInPeriod === 0}
          emptyText={`No sales in the last ${DAYS} days for ${scope}.`}
          summary={
            bestDay
              ? `${soldInPeriod} tickets in ${DAYS} days; best day ${bestDay.day} with ${bestDay.tickets}.`
              : ''
          }
          table={
            <SrTable
              caption="Tickets sold and revenue per day"
              head={['Day', 'Tickets', 'Revenue']}
              rows={perDay.map((point) => [point.day, point.tickets, `€${point.revenue}`])}
            />
          }
        >
          <SalesPerDayChart points={perDay} />
        </ChartFrame>
        <ChartFrame
          title="Orders by status"
          loading={loading}
          empty={(data?.by_status ?? []).every((point) => point.count === 0)}
          emptyText="No orders yet."
          summary={(data?.by_status ?? [])
            .map((point) => `${point.count} ${point.status}`)
            .join(', ')}
          table={
            <SrTable
              caption="Orders by status"
              head={['Status', 'Orders']}
              rows={(data?.by_status ?? []).map((point) => [point.status, point.count])}
            />
          }
        >
          <OrdersByStatusChart points={data?.by_status ?? []} />
        </ChartFrame>
        <ChartFrame
          className="xl:col-span-3"
          title="Sell-through per ticket type"
          loading={loading}
          empty={(data?.sell_through ?? []).length === 0}
          emptyText="No ticket types on sale yet."
          summary={`Share of seats sold, held at checkout and still available${(data?.sell_through.length ?? 0) > SELL_THROUGH_SHOWN ? `, for the ${SELL_THROUGH_SHOWN} ticket types selling best (of ${data?.sell_through.length})` : ''}.`}
          table={
            <SrTable
              caption="Sell-through per ticket type"
              head={['Ticket type', 'Event', 'Sold', 'Held', 'Available']}
              rows={(data?.sell_through ?? []).map((point) => [
                point.name,
                point.event_name ?? '',
                point.sold,
                point.held,
                point.available,
              ])}
            />
          }
        >
          <SellThroughChart points={data?.sell_through ?? []} byEvent={eventId !== ''} />
        </ChartFrame>
      </div>
    </>
  );
}
