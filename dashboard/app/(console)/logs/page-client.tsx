'use client';
// The request log: filters in the URL, pages of GET /api/logs by cursor, one record opened at a time.
import type { AnalyticsRecord } from '@turnpike/common';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { inputClasses } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { Table, Td, Th } from '@/components/ui/table';
import type { FilterOption } from '@/lib/analytics/filter-options';
import { formatBytes, formatMs } from '@/lib/analytics/format';
import type { LogPage } from '@/lib/analytics/read-logs';
import {
  rangeFromParams,
  rangeToParams,
  resolveRange,
  type RangeSelection,
} from '@/lib/analytics/time-range';
import { FilterSelect, RangePicker } from '../analytics/filters';
import { RecordDetail } from './record-detail';

const PAGE_SIZE = 50;
const STATUS_OPTIONS: FilterOption[] = [
  ...['2xx', '3xx', '4xx', '5xx'].map((id) => ({ id, name: id, label: `Any ${id}` })),
  ...[200, 201, 204, 301, 304, 400, 401, 403, 404, 429, 500, 502, 503, 504].map((code) => ({
    id: String(code),
    name: String(code),
    label: String(code),
  })),
];

type Load =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; page: LogPage };

interface Filters {
  selection: RangeSelection;
  apiId: string;
  keyId: string;
  status: string;
  gtxid: string;
}

function statusTone(status: number): BadgeTone {
  if (status >= 500) return 'red';
  if (status >= 400) return 'amber';
  if (status >= 300) return 'indigo';
  return 'green';
}

export function LogsClient({ apis, keys }: { apis: FilterOption[]; keys: FilterOption[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters: Filters = useMemo(
    () => ({
      selection: rangeFromParams(new URLSearchParams(params.toString()), '24h'),
      apiId: params.get('apiId') ?? '',
      keyId: params.get('keyId') ?? '',
      status: params.get('status') ?? '',
      gtxid: params.get('gtxid') ?? '',
    }),
    [params],
  );
  // Pages of one listing share the instant "now" was when it was first loaded, so paging through a
  // "last 24 hours" list does not slide the window; "Refresh" starts a new listing.
  const [listedAt, setListedAt] = useState(() => Date.now());
  const [cursors, setCursors] = useState<string[]>([]);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [open, setOpen] = useState<AnalyticsRecord | null>(null);
  const [gtxidInput, setGtxidInput] = useState(filters.gtxid);
  const keyNames = useMemo(() => new Map(keys.map((key) => [key.id, key.name])), [keys]);

  useEffect(() => setGtxidInput(filters.gtxid), [filters.gtxid]);

  const navigate = useCallback(
    (change: Partial<Filters>) => {
      const next = { ...filters, ...change };
      const query = new URLSearchParams(rangeToParams(next.selection));
      for (const name of ['apiId', 'keyId', 'status', 'gtxid'] as const)
        if (next[name]) query.set(name, next[name]);
      setCursors([]);
      setListedAt(Date.now());
      router.replace(`${pathname}?${query}`, { scroll: false });
    },
    [filters, router, pathname],
  );

  const cursor = cursors.at(-1);
  useEffect(() => {
    const controller = new AbortController();
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    // A gtxid names one call wherever it is in time: search all of it.
    if (!filters.gtxid) {
      const { from, to } = resolveRange(filters.selection, listedAt);
      query.set('from', String(Math.floor(from)));
      query.set('to', String(Math.ceil(to)));
    }
    for (const name of ['apiId', 'keyId', 'status', 'gtxid'] as const)
      if (filters[name]) query.set(name, filters[name]);
    if (cursor) query.set('cursor', cursor);
    setLoad({ state: 'loading' });
    fetch(`/api/logs?${query}`, { signal: controller.signal })
      .then(async (response) => {
        const body = (await response.json().catch(() => null)) as
          (LogPage & { error?: { message?: string } }) | null;
        if (!response.ok || !body)
          throw new Error(body?.error?.message ?? `The dashboard answered ${response.status}.`);
        setLoad({ state: 'ready', page: body });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted)
          setLoad({
            state: 'error',
            message: (error as Error).message || 'The dashboard could not be reached.',
          });
      });
    return () => controller.abort();
  }, [filters, cursor, listedAt]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <RangePicker value={filters.selection} onChange={(selection) => navigate({ selection })} />
        <FilterSelect
          id="logs-api"
          label="API"
          allLabel="All APIs"
          options={apis}
          value={filters.apiId}
          onChange={(apiId) => navigate({ apiId })}
        />
        <FilterSelect
          id="logs-key"
          label="Key"
          allLabel="All keys"
          options={keys}
          value={filters.keyId}
          onChange={(keyId) => navigate({ keyId })}
        />
        <FilterSelect
          id="logs-status"
          label="Status"
          allLabel="Any status"
          options={STATUS_OPTIONS}
          value={filters.status}
          onChange={(status) => navigate({ status })}
        />
        <form
          role="search"
          className="flex items-center gap-1.5"
          onSubmit={(event) => {
            event.preventDefault();
            navigate({ gtxid: gtxidInput.trim() });
          }}
        >
          <label htmlFor="logs-gtxid" className="sr-only">
            Transaction id (gtxid)
          </label>
          <input
            id="logs-gtxid"
            type="search"
            value={gtxidInput}
            onChange={(e) => setGtxidInput(e.target.value)}
            placeholder="Find a gtxid"
            className={`${inputClasses} w-52 py-1 font-mono text-xs`}
          />
          <Button size="sm" type="submit">
            Find
          </Button>
        </form>
        <Button size="sm" variant="ghost" className="ml-auto" onClick={() => navigate({})}>
          Refresh
        </Button>
      </div>
      {filters.gtxid ? (
        <p className="text-xs text-zinc-500">
          Showing every request of transaction {filters.gtxid}, whenever it was made.
        </p>
      ) : null}
      <Results
        load={load}
        keyNames={keyNames}
        onOpen={setOpen}
        onRetry={() => setListedAt(Date.now())}
        pageNumber={cursors.length + 1}
        onNewer={cursors.length > 0 ? () => setCursors((stack) => stack.slice(0, -1)) : undefined}
        onOlder={
          load.state === 'ready' && load.page.nextCursor
            ? () => setCursors((stack) => [...stack, load.page.nextCursor as string])
            : undefined
        }
      />
      {open ? <RecordDetail record={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

function Results({
  load,
  keyNames,
  onOpen,
  onRetry,
  pageNumber,
  onNewer,
  onOlder,
}: {
  load: Load;
  keyNames: Map<string, string>;
  onOpen: (record: AnalyticsRecord) => void;
  onRetry: () => void;
  pageNumber: number;
  onNewer?: () => void;
  onOlder?: () => void;
}) {
  if (load.state === 'error') {
    return (
      <div className="space-y-3">
        <Notice tone="error" title="The request log could not be loaded">
          {load.message}
        </Notice>
        <Button onClick={onRetry}>Try again</Button>
      </div>
    );
  }
  if (load.state === 'ready' && load.page.items.length === 0 && pageNumber === 1) {
    return (
      <EmptyState title="No requests match">
        Requests appear here about a second after the gateway serves them. Try a longer range or
        fewer filters.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-3" aria-busy={load.state === 'loading'}>
      <Table>
        <thead>
          <tr>
            <Th>Time (UTC)</Th>
            <Th>Request</Th>
            <Th>Status</Th>
            <Th className="text-right">Latency</Th>
            <Th className="text-right">Size</Th>
            <Th>API · key</Th>
          </tr>
        </thead>
        <tbody className={load.state === 'loading' ? 'opacity-50' : undefined}>
          {load.state === 'ready'
            ? load.page.items.map((record) => (
                <tr
                  key={record.id}
                  className="cursor-pointer hover:bg-zinc-50"
                  onClick={() => onOpen(record)}
                  data-testid="log-row"
                >
                  <Td className="font-mono text-xs whitespace-nowrap text-zinc-600">
                    {new Date(record.ts).toISOString().slice(5, 23).replace('T', ' ')}
                  </Td>
                  <Td className="max-w-md">
                    <button
                      type="button"
                      className="block w-full truncate text-left font-mono text-xs text-zinc-900 hover:underline"
                      onClick={() => onOpen(record)}
                    >
                      <span className="font-semibold">{record.method}</span> {record.path}
                    </button>
                  </Td>
                  <Td>
                    <Badge tone={statusTone(record.status)}>{record.status}</Badge>
                    {record.errorCode ? (
                      <span className="ml-2 font-mono text-xs text-zinc-500">
                        {record.errorCode}
                      </span>
                    ) : null}
                  </Td>
                  <Td className="text-right text-xs whitespace-nowrap tabular-nums">
                    {formatMs(record.latencyMs)}
                  </Td>
                  <Td className="text-right text-xs whitespace-nowrap tabular-nums">
                    {formatBytes(record.bytesOut)}
                  </Td>
                  <Td className="text-xs text-zinc-600">
                    {record.apiId ?? '—'}
                    {record.keyId ? (
                      <span className="text-zinc-400" title={record.keyId}>
                        {' · '}
                        {keyNames.get(record.keyId) ?? record.keyId}
                      </span>
                    ) : null}
                  </Td>
                </tr>
              ))
            : Array.from({ length: 8 }, (_, i) => (
                <tr key={i} aria-hidden>
                  <Td colSpan={6}>
                    <div className="h-4 animate-pulse rounded bg-zinc-100" />
                  </Td>
                </tr>
              ))}
        </tbody>
      </Table>
      <nav className="flex items-center justify-between text-xs text-zinc-500" aria-label="Pages">
        <span>Page {pageNumber}, newest first</span>
        <span className="flex gap-2">
          <Button size="sm" onClick={onNewer} disabled={!onNewer}>
            ← Newer
          </Button>
          <Button size="sm" onClick={onOlder} disabled={!onOlder}>
            Older →
          </Button>
        </span>
      </nav>
    </div>
  );
}
