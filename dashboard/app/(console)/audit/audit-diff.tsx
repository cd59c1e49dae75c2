// What one audited change did: the fields that differ, before and after.

function changedFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): string[] {
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  names.delete('updatedAt');
  return [...names]
    .filter((name) => JSON.stringify(before?.[name]) !== JSON.stringify(after?.[name]))
    .sort();
}

function show(value: unknown): string {
  return value === undefined ? '—' : JSON.stringify(value, null, 2);
}

export function AuditDiff({
  before,
  after,
}: {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}) {
  const fields = changedFields(before, after);
  if (fields.length === 0)
    return (
      <p className="text-xs text-zinc-500">
        No field changed (the change replaced the key's secret or repeated the same values).
      </p>
    );
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs">
        <thead>
          <tr className="text-zinc-500">
            <th className="py-1 pr-4 font-medium">Field</th>
            <th className="py-1 pr-4 font-medium">Before</th>
            <th className="py-1 font-medium">After</th>
          </tr>
        </thead>
        <tbody className="align-top font-mono">
          {fields.map((field) => (
            <tr key={field} className="border-t border-zinc-100">
              <td className="py-1.5 pr-4 text-zinc-700">{field}</td>
              <td className="py-1.5 pr-4 whitespace-pre-wrap text-red-700">
                {before ? show(before[field]) : '—'}
              </td>
              <td className="py-1.5 whitespace-pre-wrap text-emerald-700">
                {after ? show(after[field]) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
