'use client';
// The analytics overview: range and filters in the URL, the answer of GET /api/analytics as charts and tables.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Notice } from '@/components/ui/notice';
import { formatBytes, formatCount, formatMs, formatPercent } from '@/lib/analytics/format';
import type { AnalyticsAnswer } from '@/lib/analytics/read-analytics';
import {
  rangeFromParams,
  rangeToParams,
  resolveRange,
  type RangeSelection,
} from '@/lib/analytics/time-range';
import { ErrorCodes, StatusCodes, TopEndpoints } from './breakdowns';
import { BandwidthChart, ErrorRateChart, LatencyChart, RequestsChart } from './charts';
import { FilterSelect, RangePicker, type FilterOption } from './filters';

type Load =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; answer: AnalyticsAnswer; at: number };

/** Refresh every 10 s for ranges of an hour or less, every minute for longer ones; never for custom ranges. */
function refreshEvery(selection: RangeSelection): number | null {
  if (selection.kind === 'custom') return null;
  return selection.id === '15m' || selection.id === '1h' ? 10_000 : 60_000;
}

export function AnalyticsClient({ apis, keys }: { apis: FilterOption[]; keys: FilterOption[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const selection = useMemo(
    () => rangeFromParams(new URLSearchParams(params.toString()), '24h'),
    [params],
  );
  const apiId = params.get('apiId') ?? '';
  const keyId = params.get('keyId') ?? '';
  const [autoRefresh, setAutoRefresh] = useState(true);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [tick, setTick] = useState(0);

  const navigate = useCallback(
    (change: { selection?: RangeSelection; apiId?: string; keyId?: string }) => {
      const next = new URLSearchParams(rangeToParams(change.selection ?? selection));
      const api = change.apiId ?? apiId;
      const key = change.keyId ?? keyId;
      if (api) next.set('apiId', api);
      if (key) next.set('keyId', key);
      router.replace(`${pathname}?${next}`, { scroll: false });
    },
    [router, pathname, selection, apiId, keyId],
  );

  useEffect(() => {
    const controller = new AbortController();
    const { from, to } = resolveRange(selection, Date.now());
    const query = new URLSearchParams({
      from: String(Math.floor(from)),
      to: String(Math.ceil(to)),
    });
    if (apiId) query.set('apiId', apiId);
    if (keyId) query.set('keyId', keyId);
    fetch(`/api/analytics?${query}`, { signal: controller.signal })
      .then(async (response) => {
        const body = (await response.json().catch(() => null)) as
          (AnalyticsAnswer & { error?: { message?: string } }) | null;
        if (!response.ok || !body)
          throw new Error(body?.error?.message ?? `The dashboard answered ${response.status}.`);
        setLoad({ state: 'ready', answer: body, at: Date.now() });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setLoad({
          state: 'error',
          message: (error as Error).message || 'The dashboard could not be reached.',
        });
      });
    return () => controller.abort();
  }, [selection, apiId, keyId, tick]);

  const every = refreshEvery(selection);
  useEffect(() => {
    if (!autoRefresh || every === null) return;
    const timer = setInterval(() => setTick((n) => n + 1), every);
    return () => clearInterval(timer);
  }, [autoRefresh, every]);

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-2">
        <RangePicker value={selection} onChange={(next) => navigate({ selection: next })} />
        <FilterSelect
          id="filter-api"
          label="API"
          allLabel="All APIs"
          options={apis}
          value={apiId}
          onChange={(value) => navigate({ apiId: value })}
        />
        <FilterSelect
          id="filter-key"
          label="Key"
          allLabel="All keys"
          options={keys}
          value={keyId}
          onChange={(value) => navigate({ keyId: value })}
        />
        <div className="ml-auto flex items-center gap-3 text-xs text-zinc-500">
          {load.state === 'ready' ? (
            <span data-testid="granularity">
              By {load.answer.granularity} · updated {new Date(load.at).toISOString().slice(11, 19)}{' '}
              UTC
            </span>
          ) : null}
          <label className="flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={autoRefresh && every !== null}
              disabled={every === null}
              onChange={(e) => setAutoRefresh(e.target.checked)}
            />
            Auto-refresh
          </label>
        </div>
      </div>
      <Body
        load={load}
        byKey={keyId !== ''}
        showApi={apiId === ''}
        retry={() => setTick((n) => n + 1)}
      />
    </div>
  );
}

function Body({
  load,
  byKey,
  showApi,
  retry,
}: {
  load: Load;
  byKey: boolean;
  showApi: boolean;
  retry: () => void;
}) {
  if (load.state === 'loading') return <Skeleton />;
  if (load.state === 'error') {
    return (
      <div className="space-y-3">
        <Notice tone="error" title="Analytics could not be loaded">
          {load.message}
        </Notice>
        <Button onClick={retry}>Try again</Button>
      </div>
    );
  }
  const { totals, series, granularity, topEndpoints } = load.answer;
  if (totals.hits === 0) {
    return (
      <EmptyState title="No traffic in this range">
        Requests through the gateway show up here about a second after they are made. Pick a longer
        range, or check that the gateway and the pump are running.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-5">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat
          id="total-requests"
          label="Requests"
          value={formatCount(totals.hits)}
          detail={`${formatCount(totals.status2xx)} 2xx · ${formatCount(totals.status4xx)} 4xx · ${formatCount(totals.status5xx)} 5xx`}
        />
        <Stat
          id="error-rate"
          label="Error rate"
          value={formatPercent(totals.errorRate)}
          detail={`${formatCount(totals.errors)} errors`}
        />
        <Stat
          id="latency-p95"
          label="Latency p95"
          value={formatMs(totals.latencyP95Ms)}
          detail={`p50 ${formatMs(totals.latencyP50Ms)} · p99 ${formatMs(totals.latencyP99Ms)}`}
        />
        <Stat
          id="bandwidth"
          label="Bandwidth"
          value={formatBytes(totals.bytesIn + totals.bytesOut)}
          detail={`${formatBytes(totals.bytesIn)} in · ${formatBytes(totals.bytesOut)} out`}
        />
      </dl>
      <div className="grid gap-4 lg:grid-cols-2">
        <RequestsChart series={series} granularity={granularity} total={totals.hits} />
        <ErrorRateChart series={series} granularity={granularity} rate={totals.errorRate} />
        <LatencyChart series={series} granularity={granularity} p95={totals.latencyP95Ms} />
        <BandwidthChart
          series={series}
          granularity={granularity}
          bytesIn={totals.bytesIn}
          bytesOut={totals.bytesOut}
        />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <TopEndpoints endpoints={topEndpoints} byKey={byKey} showApi={showApi} />
        <ErrorCodes errorCodes={totals.errorCodes} />
        <StatusCodes statusCodes={totals.statusCodes} />
      </div>
    </div>
  );
}

function Stat({
  id,
  label,
  value,
  detail,
}: {
  id: string;
  label: string;
  value: string;
  detail: string;
}) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-xs">
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd
        className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900 tabular-nums"
        data-testid={id}
      >
        {value}
      </dd>
      <dd className="mt-0.5 text-xs text-zinc-500">{detail}</dd>
    </div>
  );
}

function Skeleton() {
  return (
    <div className="animate-pulse space-y-5" aria-busy="true" aria-label="Loading analytics">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="h-20 rounded-lg bg-zinc-100" />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="h-64 rounded-lg bg-zinc-100" />
        ))}
      </div>
    </div>
  );
}
