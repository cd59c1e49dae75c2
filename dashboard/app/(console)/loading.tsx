// Shown while a console page loads: a quiet skeleton in the shape of a list page.
export default function Loading() {
  return (
    <div className="animate-pulse" aria-busy="true" aria-label="Loading">
      <div className="mb-2 h-6 w-40 rounded bg-zinc-200" />
      <div className="mb-8 h-4 w-72 rounded bg-zinc-100" />
      <div className="space-y-2 rounded-lg border border-zinc-200 bg-white p-4">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="h-8 rounded bg-zinc-100" />
        ))}
      </div>
    </div>
  );
}
