// Tables under the charts: the busiest endpoints, errors by gateway code, answers by status.
import type { TopEndpoint } from '@/lib/analytics/read-analytics';
import { formatCount } from '@/lib/analytics/format';

function Breakdown({
  title,
  note,
  children,
}: {
  title: string;
  note?: string;
  children: React.ReactNode;
}) {
  return (
    <section className="rounded-lg border border-zinc-200 bg-white shadow-xs" aria-label={title}>
      <header className="border-b border-zinc-100 px-4 py-3">
        <h2 className="text-sm font-semibold text-zinc-900">{title}</h2>
        {note ? <p className="mt-0.5 text-xs text-zinc-500">{note}</p> : null}
      </header>
      {children}
    </section>
  );
}

function Rows({
  rows,
  empty,
}: {
  rows: { key: string; label: React.ReactNode; count: number }[];
  empty: string;
}) {
  if (rows.length === 0)
    return <p className="px-4 py-6 text-center text-xs text-zinc-500">{empty}</p>;
  const max = Math.max(...rows.map((row) => row.count));
  return (
    <ul className="divide-y divide-zinc-100">
      {rows.map((row) => (
        <li key={row.key} className="relative px-4 py-2 text-xs">
          <span
            className="absolute inset-y-1 left-0 rounded-r bg-accent-50"
            style={{ width: `${(row.count / max) * 100}%` }}
            aria-hidden
          />
          <span className="relative flex items-center justify-between gap-3">
            <span className="min-w-0 truncate">{row.label}</span>
            <span className="shrink-0 font-medium text-zinc-900 tabular-nums">
              {formatCount(row.count)}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function TopEndpoints({
  endpoints,
  byKey,
  showApi,
}: {
  endpoints: TopEndpoint[];
  byKey: boolean;
  showApi: boolean;
}) {
  return (
    <Breakdown
      title="Top endpoints"
      note={
        byKey
          ? 'Endpoints are counted per API, not per key: clear the key filter to see them.'
          : 'Counted per hour; ids in paths shown as :id.'
      }
    >
      <Rows
        empty={byKey ? 'Not available for one key.' : 'No requests in this range.'}
        rows={endpoints.map((endpoint) => ({
          key: `${endpoint.apiId} ${endpoint.endpoint}`,
          count: endpoint.hits,
          label: (
            <>
              <span className="font-mono text-zinc-800">{endpoint.endpoint}</span>
              {showApi ? <span className="ml-2 text-zinc-400">{endpoint.apiId}</span> : null}
            </>
          ),
        }))}
      />
    </Breakdown>
  );
}

export function ErrorCodes({ errorCodes }: { errorCodes: Record<string, number> }) {
  const rows = Object.entries(errorCodes)
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => ({
      key: code,
      count,
      label: <span className="font-mono text-zinc-800">{code}</span>,
    }));
  return (
    <Breakdown
      title="Errors by code"
      note="The gateway's own error codes (upstream errors carry the upstream's status only)."
    >
      <Rows rows={rows} empty="No gateway errors in this range." />
    </Breakdown>
  );
}

export function StatusCodes({ statusCodes }: { statusCodes: Record<string, number> }) {
  const rows = Object.entries(statusCodes)
    .sort((a, b) => b[1] - a[1])
    .map(([status, count]) => ({
      key: status,
      count,
      label: <span className="font-mono text-zinc-800">{status}</span>,
    }));
  return (
    <Breakdown title="Responses by status">
      <Rows rows={rows} empty="No requests in this range." />
    </Breakdown>
  );
}
