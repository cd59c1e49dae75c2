// The launcher's terminal output: every line tagged with who wrote it ("gateway | …"), coloured on a TTY.
import type { Readable } from 'node:stream';

const COLOURS: Record<string, number> = {
  turnpike: 1, // bold
  gateway: 36, // cyan
  pump: 33, // yellow
  dashboard: 35, // magenta
  build: 32, // green
  ferretdb: 34, // blue
  redis: 31, // red
};
const NAME_WIDTH = 'dashboard'.length;

function colourOn(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

/** "  pump | " — names right-aligned so the bars line up; the name itself stays greppable. */
export function tag(name: string, coloured: boolean): string {
  const text = `${name.padStart(NAME_WIDTH)} |`;
  const colour = COLOURS[name];
  return coloured && colour !== undefined ? `\x1b[${colour}m${text}\x1b[0m ` : `${text} `;
}

export type LineSink = (line: string) => void;

/** A sink that writes each line under `name`'s tag, to stdout or stderr. */
export function tagged(name: string, to: 'stdout' | 'stderr' = 'stdout'): LineSink {
  const stream = to === 'stdout' ? process.stdout : process.stderr;
  const prefix = tag(name, colourOn(stream));
  return (line) => {
    stream.write(prefix + line + '\n');
  };
}

/** The launcher's own messages. */
export const say: LineSink = tagged('turnpike');

/** Calls onLine for every complete line of a stream, and for a last line without a newline. */
export function eachLine(stream: Readable | null, onLine: LineSink): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => {
    if (pending) onLine(pending);
    pending = '';
  });
}
