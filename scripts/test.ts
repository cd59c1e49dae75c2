// `npm test`: makes sure FerretDB is installed and the dashboard is built, then runs the whole Vitest suite
// (extra args pass through).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDashboardBuilt } from './lib/dashboard-build';
import { say } from './lib/output';
import { killGroupsOnExit } from './lib/process-group';
import { ensureFerretDB, ROOT } from './lib/stores';

// Ctrl-C during the build: exit, and the safety net kills the build's process group with us.
killGroupsOnExit();
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

try {
  if (!process.env.TEST_MONGODB_URL) ensureFerretDB();
  // The end-to-end tests start the built dashboard; building here keeps their timeouts about testing.
  if (existsSync(join(ROOT, 'dashboard', 'app'))) await ensureDashboardBuilt({ root: ROOT });
} catch (error) {
  say((error as Error).message);
  process.exit(1);
}
const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
