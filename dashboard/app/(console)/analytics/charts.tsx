'use client';
// The four traffic charts: requests by status class, error rate, latency percentiles, bandwidth.
import type { Granularity } from '@turnpike/common';
import type { ReactNode } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { AnalyticsPoint } from '@/lib/analytics/read-analytics';
import {
  formatBucket,
  formatBucketLong,
  formatBytes,
  formatCount,
  formatMs,
  formatPercent,
} from '@/lib/analytics/format';

const STATUS_COLORS = {
  status2xx: '#10b981',
  status3xx: '#6366f1',
  status4xx: '#f59e0b',
  status5xx: '#ef4444',
} as const;
const AXIS = { fontSize: 11, fill: '#71717a' };

interface ChartProps {
  series: AnalyticsPoint[];
  granularity: Granularity;
}

function ChartCard({
  title,
  summary,
  children,
}: {
  title: string;
  summary: ReactNode;
  children: ReactNode;
}) {
  return (
    <figure className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs">
      <figcaption className="mb-3 flex items-baseline justify-between gap-2">
        <span className="text-sm font-semibold text-zinc-900">{title}</span>
        <span className="text-xs text-zinc-500">{summary}</span>
      </figcaption>
      <div className="h-52">{children}</div>
    </figure>
  );
}

function axes(granularity: Granularity, format: (value: number) => string, allowDecimals = false) {
  return [
    <CartesianGrid key="grid" stroke="#f4f4f5" vertical={false} />,
    <XAxis
      key="x"
      dataKey="ts"
      tickFormatter={(ts: number) => formatBucket(ts, granularity)}
      tick={AXIS}
      minTickGap={24}
      tickLine={false}
      axisLine={false}
    />,
    <YAxis
      key="y"
      tickFormatter={format}
      tick={AXIS}
      width={52}
      tickLine={false}
      axisLine={false}
      allowDecimals={allowDecimals}
    />,
    <Tooltip
      key="tooltip"
      labelFormatter={(ts) => formatBucketLong(Number(ts), granularity)}
      formatter={(value) => format(Number(value))}
      contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: '#e4e4e7' }}
    />,
    <Legend key="legend" iconSize={8} wrapperStyle={{ fontSize: 11 }} />,
  ];
}

/** Lines through a few points only would be invisible dots without markers. */
function markers(series: AnalyticsPoint[]): false | { r: number } {
  return series.filter((point) => point.hits > 0).length <= 20 ? { r: 2.5 } : false;
}

export function RequestsChart({ series, granularity, total }: ChartProps & { total: number }) {
  return (
    <ChartCard title="Requests" summary={`${formatCount(total)} in range, by status class`}>
      <ResponsiveContainer>
        <BarChart data={series} margin={{ top: 4, right: 4, left: 0, bottom: 0 }}>
          {axes(granularity, formatCount)}
          {(['status2xx', 'status3xx', 'status4xx', 'status5xx'] as const).map((key) => (
            <Bar
              key={key}
              dataKey={key}
              name={key.replace('status', '')}
              stackId="status"
              fill={STATUS_COLORS[key]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function ErrorRateChart({ series, granularity, rate }: ChartProps & { rate: number }) {
  // A bucket without requests has no error rate: a gap, not a misleading 0%.
  const data = series.map((point) => ({
    ts: point.ts,
    hits: point.hits,
    errorPercent: point.hits > 0 ? point.errorRate * 100 : null,
  }));
  return (
    <ChartCard
      title="Error rate"
      summary={`${formatPercent(rate)} of requests answered 4xx or 5xx`}
    >
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 4, right: 4, left: 0, bottom: 0 }}>
          {axes(granularity, (percent) => formatPercent(percent / 100), true)}
          <Line
            dataKey="errorPercent"
            name="errors"
            stroke="#ef4444"
            dot={markers(series)}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function LatencyChart({ series, granularity, p95 }: ChartProps & { p95: number | null }) {
  return (
    <ChartCard title="Latency" summary={`p95 ${formatMs(p95)} over the range`}>
      <ResponsiveContainer>
        <LineChart data={series} margin={{ top: 4, right: 4, left: 0, bottom: 0 }}>
          {axes(granularity, (v) => formatMs(v))}
          <Line
            dataKey="latencyP50Ms"
            name="p50"
            stroke="#a1a1aa"
            dot={markers(series)}
            strokeWidth={2}
            isAnimationActive={false}
          />
          <Line
            dataKey="latencyP95Ms"
            name="p95"
            stroke="#6366f1"
            dot={markers(series)}
            strokeWidth={2}
            isAnimationActive={false}
          />
          <Line
            dataKey="latencyP99Ms"
            name="p99"
            stroke="#18181b"
            dot={markers(series)}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function BandwidthChart({
  series,
  granularity,
  bytesIn,
  bytesOut,
}: ChartProps & { bytesIn: number; bytesOut: number }) {
  return (
    <ChartCard
      title="Bandwidth"
      summary={`${formatBytes(bytesIn)} in, ${formatBytes(bytesOut)} out`}
    >
      <ResponsiveContainer>
        <AreaChart data={series} margin={{ top: 4, right: 4, left: 0, bottom: 0 }}>
          {axes(granularity, formatBytes)}
          <Area
            dataKey="bytesOut"
            name="out"
            stroke="#6366f1"
            fill="#e0e7ff"
            isAnimationActive={false}
          />
          <Area
            dataKey="bytesIn"
            name="in"
            stroke="#10b981"
            fill="#d1fae5"
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
