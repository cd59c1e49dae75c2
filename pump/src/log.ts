// The pump's log lines: one per event, prefixed, and repeated failures at most once a minute.

export function log(line: string): void {
  console.log(`pump: ${line}`);
}

const lastWarned = new Map<string, number>();

/** Logs `line` unless a warning with the same topic was logged in the last minute. */
export function warn(topic: string, line: string): void {
  const now = Date.now();
  if (now - (lastWarned.get(topic) ?? 0) < 60_000) return;
  lastWarned.set(topic, now);
  console.error(`pump: ${line}`);
}
