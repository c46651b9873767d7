'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  Legend,
  Line,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { groupedMoney } from './money';

const colors = {
  tickets: '#4f46e5',
  revenue: '#047857',
  sold: '#4f46e5',
  held: '#d97706',
  available: '#cbd5e1',
  pending: '#d97706',
  confirmed: '#047857',
  cancelled: '#64748b',
} as const;

const axis = { fontSize: 12, fill: '#475569' };
/** Legend labels in body text colour (the series colour is in the swatch; pale text would fail AA). */
const legend = {
  wrapperStyle: { fontSize: 12 },
  formatter: (value: string) => <span style={{ color: '#334155' }}>{value}</span>,
};
/** The busiest ticket types; the text alternative lists them all. */
export const SELL_THROUGH_SHOWN = 10;
const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

export interface DayPoint {
  day: string;
  tickets: number;
  revenue: string;
}

export function SalesPerDayChart({ points }: { points: DayPoint[] }) {
  const data = points.map((point) => ({
    ...point,
    revenue: Number(point.revenue),
    label: shortDay(point.day),
  }));
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart
        accessibilityLayer={false}
        data={data}
        margin={{ top: 8, right: 8, bottom: 0, left: -8 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
        <XAxis dataKey="label" tick={axis} tickLine={false} axisLine={false} minTickGap={16} />
        <YAxis
          yAxisId="tickets"
          allowDecimals={false}
          tick={axis}
          tickLine={false}
          axisLine={false}
          width={40}
        />
        <YAxis
          yAxisId="revenue"
          orientation="right"
          tick={axis}
          tickLine={false}
          axisLine={false}
          width={56}
          tickFormatter={(value: number) => `€${value}`}
        />
        <Tooltip
          formatter={(value, name) =>
            name === 'Revenue'
              ? [`€${groupedMoney(Number(value).toFixed(2))}`, name]
              : [value, name]
          }
        />
        <Legend {...legend} />
        <Bar
          isAnimationActive={false}
          yAxisId="tickets"
          dataKey="tickets"
          name="Tickets sold"
          fill={colors.tickets}
          radius={[4, 4, 0, 0]}
          maxBarSize={28}
        />
        <Line
          isAnimationActive={false}
          yAxisId="revenue"
          dataKey="revenue"
          name="Revenue"
          stroke={colors.revenue}
          strokeWidth={2}
          dot={false}
          type="monotone"
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export interface SellThroughPoint {
  ticket_type_id: string;
  name: string;
  event_name?: string | null;
  starts_at?: string;
  sold: number;
  held: number;
  available: number;
}

const shareOf = (point: SellThroughPoint) => {
  const total = point.sold + point.held + point.available;
  return total > 0 ? (point.sold + point.held) / total : 0;
};

/** The ticket types most sold (and held), as shares of their seats so small and large compare. */
export function topSellThrough(points: SellThroughPoint[]): SellThroughPoint[] {
  return points
    .toSorted((a, b) => shareOf(b) - shareOf(a) || b.sold - a.sold)
    .slice(0, SELL_THROUGH_SHOWN);
}

export function SellThroughChart({
  points,
  byEvent,
}: {
  points: SellThroughPoint[];
  byEvent: boolean;
}) {
  const data = topSellThrough(points).map((point) => ({
    ...point,
    label:
      byEvent || !point.event_name
        ? `${point.name}${point.starts_at ? ` · ${shortDay(point.starts_at.slice(0, 10))}` : ''}`
        : `${point.name} · ${point.event_name}`,
  }));
  return (
    <ResponsiveContainer width="100%" height={data.length * 40 + 56}>
      <BarChart
        accessibilityLayer={false}
        data={data}
        layout="vertical"
        stackOffset="expand"
        margin={{ top: 0, right: 16, bottom: 0, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
        <XAxis
          type="number"
          tick={axis}
          tickLine={false}
          axisLine={false}
          tickFormatter={(value: number) => `${Math.round(value * 100)}%`}
        />
        <YAxis
          type="category"
          dataKey="label"
          tick={axis}
          tickLine={false}
          axisLine={false}
          width={190}
          tickFormatter={(value: string) => (value.length > 30 ? `${value.slice(0, 29)}…` : value)}
        />
        <Tooltip />
        <Legend {...legend} />
        <Bar
          isAnimationActive={false}
          dataKey="sold"
          name="Sold"
          stackId="seats"
          fill={colors.sold}
        />
        <Bar
          isAnimationActive={false}
          dataKey="held"
          name="Held"
          stackId="seats"
          fill={colors.held}
        />
        <Bar
          isAnimationActive={false}
          dataKey="available"
          name="Available"
          stackId="seats"
          fill={colors.available}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}

export interface StatusPoint {
  status: string;
  count: number;
}

export function OrdersByStatusChart({ points }: { points: StatusPoint[] }) {
  const data = points.map((point) => ({
    ...point,
    name: point.status.charAt(0).toUpperCase() + point.status.slice(1),
  }));
  return (
    <ResponsiveContainer width="100%" height={220}>
      <PieChart accessibilityLayer={false}>
        <Pie
          isAnimationActive={false}
          rootTabIndex={-1}
          data={data}
          dataKey="count"
          nameKey="name"
          innerRadius={55}
          outerRadius={85}
          paddingAngle={2}
        >
          {data.map((point) => (
            <Cell
              key={point.status}
              fill={colors[point.status as keyof typeof colors] ?? '#64748b'}
            />
          ))}
        </Pie>
        <Tooltip />
        <Legend {...legend} />
      </PieChart>
    </ResponsiveContainer>
  );
}
