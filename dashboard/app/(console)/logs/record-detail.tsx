'use client';
// One request of the log with every field it was recorded with, in a dialog.
import type { AnalyticsRecord } from '@turnpike/common';
import { useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { formatMs } from '@/lib/analytics/format';

const FIELDS: [keyof AnalyticsRecord, string][] = [
  ['id', 'Record id'],
  ['ts', 'Time'],
  ['gtxid', 'gtxid'],
  ['method', 'Method'],
  ['host', 'Host'],
  ['path', 'Path'],
  ['status', 'Status'],
  ['errorCode', 'Error code'],
  ['latencyMs', 'Latency'],
  ['upstreamLatencyMs', 'Upstream latency'],
  ['apiId', 'API'],
  ['keyId', 'Key'],
  ['bytesIn', 'Bytes in'],
  ['bytesOut', 'Bytes out'],
  ['cache', 'Cache'],
  ['clientIp', 'Client IP'],
  ['userAgent', 'User agent'],
];

function show(field: keyof AnalyticsRecord, record: AnalyticsRecord): string {
  const value = record[field];
  if (value === undefined || value === null) return '—';
  if (field === 'ts')
    return `${new Date(record.ts).toISOString().replace('T', ' ').replace('Z', ' UTC')} (${record.ts})`;
  if (field === 'latencyMs' || field === 'upstreamLatencyMs') return formatMs(value as number);
  return String(value);
}

export function RecordDetail({
  record,
  onClose,
}: {
  record: AnalyticsRecord;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="record-title"
      className="m-auto w-full max-w-2xl rounded-lg border border-zinc-200 bg-white p-0 shadow-xl"
    >
      <div className="flex items-center justify-between gap-4 border-b border-zinc-100 px-5 py-3">
        <h2 id="record-title" className="truncate text-sm font-semibold text-zinc-900">
          {record.method} {record.path}
        </h2>
        <Button size="sm" variant="ghost" onClick={() => dialog.current?.close()}>
          Close
        </Button>
      </div>
      <dl
        className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2 px-5 py-4 text-xs"
        data-testid="record-detail"
      >
        {FIELDS.map(([field, label]) => (
          <div key={field} className="contents">
            <dt className="text-zinc-500">{label}</dt>
            <dd className="font-mono break-all text-zinc-900" data-field={field}>
              {show(field, record)}
            </dd>
          </div>
        ))}
      </dl>
      <div className="flex justify-end gap-2 border-t border-zinc-100 px-5 py-3">
        <CopyButton value={JSON.stringify(record, null, 2)} label="Copy as JSON" />
      </div>
    </dialog>
  );
}
