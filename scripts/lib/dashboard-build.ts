// Builds the dashboard (`next build`) when its build is missing or older than the sources it is made from.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eachLine, tagged, type LineSink } from './output';
import { groupAlive, spawnGroup, stopGroup } from './process-group';

/** Folders whose files go into the build, relative to the repository root. */
const SOURCE_DIRS = ['dashboard/app', 'dashboard/lib', 'dashboard/components', 'common/src'];
/** Single files at the dashboard's root that change the build (tsconfig.json is left out: next rewrites it). */
const SOURCE_FILES = [
  'dashboard/package.json',
  'dashboard/next.config.ts',
  'dashboard/next.config.mjs',
  'dashboard/next.config.js',
  'dashboard/postcss.config.mjs',
  'dashboard/proxy.ts',
  'dashboard/middleware.ts',
  'dashboard/instrumentation.ts',
];

function mtimeOf(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function newestUnder(dir: string): number {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestUnder(path));
    else newest = Math.max(newest, mtimeOf(path) ?? 0);
  }
  return newest;
}

/** Why the dashboard needs building, or undefined when its build is current. */
export function dashboardBuildReason(root: string): string | undefined {
  const built = mtimeOf(join(root, 'dashboard', '.next', 'BUILD_ID'));
  if (built === undefined) return 'no build yet';
  const newest = Math.max(
    ...SOURCE_DIRS.map((dir) => newestUnder(join(root, dir))),
    ...SOURCE_FILES.map((file) => mtimeOf(join(root, file)) ?? 0),
  );
  return newest > built ? 'sources changed since the last build' : undefined;
}

/**
 * One build at a time per checkout: several `npm start`/`npm test` runs may race to build, and next
 * itself gives up quickly on a locked build. mkdir is atomic, so the folder is the lock.
 */
async function withBuildLock<T>(root: string, log: LineSink, work: () => Promise<T>): Promise<T> {
  const lock = join(
    tmpdir(),
    `turnpike-build-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`,
  );
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileOr(join(lock, 'pid'), '0'));
    if (owner > 0 && !processAlive(owner)) {
      rmSync(lock, { recursive: true, force: true }); // left by a run that died
      continue;
    }
    if (!told) log(`waiting for another dashboard build (pid ${owner || '?'}) to finish`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readFileOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface BuildOptions {
  root: string;
  env?: NodeJS.ProcessEnv;
  /** Lets a caller stop the build from elsewhere (Ctrl-C in the launcher); returns an unregister. */
  track?: (stop: () => Promise<void>) => () => void;
}

/** How long to wait for a `next build` that someone else started (a test, a developer) to end. */
const FOREIGN_BUILD_WAIT_MS = 15 * 60_000;
/** What next prints when its own lock on .next is held by another build. */
const LOCKED_OUT = /Another next build process is already running/;
/** The lines next prints before it takes that lock. */
const PREAMBLE = /^\s*$|Next\.js|next\.config/;

/** Runs `next build` once; `lockedOut` says it refused because another build holds .next. */
async function runNextBuild({
  root,
  env,
  track,
}: BuildOptions): Promise<{ code: number | null; lockedOut: boolean }> {
  const log = tagged('build');
  const logError = tagged('build', 'stderr');
  let lockedOut = false;
  const child = spawnGroup(join(root, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: join(root, 'dashboard'),
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  // next prints a banner before it tries its lock; hold it back so a locked-out attempt stays silent.
  let held: (() => void)[] | undefined = [];
  const flush = () => {
    for (const write of held ?? []) write();
    held = undefined;
  };
  const watch = (sink: LineSink) => (line: string) => {
    if (lockedOut) return;
    if (LOCKED_OUT.test(line)) {
      lockedOut = true;
      held = undefined;
    } else if (held && PREAMBLE.test(line)) {
      held.push(() => sink(line));
    } else {
      flush();
      sink(line);
    }
  };
  eachLine(child.stdout, watch(log));
  eachLine(child.stderr, watch(logError));
  const untrack = track?.(async () => {
    if (child.pid !== undefined && groupAlive(child.pid)) await stopGroup(child.pid, 5_000);
  });
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode) => resolve(exitCode)); // after the last output line
    });
    if (!lockedOut) flush();
    return { code, lockedOut };
  } finally {
    untrack?.();
  }
}

/** Runs `next build` in dashboard/ when needed; resolves 'built' or 'current', throws when it fails. */
export async function ensureDashboardBuilt(options: BuildOptions): Promise<'built' | 'current'> {
  const { root } = options;
  const log = tagged('build');
  if (!dashboardBuildReason(root)) return 'current';
  return withBuildLock(root, log, async () => {
    const began = Date.now();
    let waiting = false;
    for (;;) {
      const reason = dashboardBuildReason(root); // another run may have built it while we waited
      if (!reason) return 'current';
      if (!waiting) log(`building the dashboard (${reason}); the first build takes a few minutes`);
      const started = Date.now();
      const { code, lockedOut } = await runNextBuild(options);
      if (code === 0) {
        log(`dashboard built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return 'built';
      }
      if (!lockedOut || Date.now() - began > FOREIGN_BUILD_WAIT_MS) {
        throw new Error(
          `the dashboard build failed (next build exited with code ${code}; see above)`,
        );
      }
      // Someone else's `next build` holds dashboard/.next: wait for it, then look again.
      if (!waiting) log('another next build is running in dashboard/; waiting for it to finish');
      waiting = true;
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
  });
}
