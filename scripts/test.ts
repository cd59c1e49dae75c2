// `npm test`: makes sure FerretDB is installed, then runs the whole Vitest suite (extra args pass through).
import { spawnSync } from 'node:child_process';
import { ensureFerretDB, ROOT } from './lib/stores';

if (!process.env.TEST_MONGODB_URL) ensureFerretDB();
const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
