// What the dashboard does once at process start: check configuration, create indexes and the first admin.
import { ConfigError } from '@turnpike/common';
import { dashboardConfig } from './config';
import { ensureIndexes } from './indexes';
import { bootstrapAdmin, readAdminSeed } from './users/bootstrap-admin';

const RETRY_MS = 5000;

export async function startDashboard(): Promise<void> {
  let seed: ReturnType<typeof readAdminSeed>;
  try {
    dashboardConfig();
    seed = readAdminSeed(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`dashboard: configuration error: ${error.message}`);
    process.exit(1);
  }
  // MongoDB may not be up yet: keep trying in the background instead of holding the server back.
  const attempt = async (): Promise<void> => {
    try {
      await ensureIndexes();
      await bootstrapAdmin(seed);
    } catch (error) {
      console.error(
        `dashboard: MongoDB not ready (${(error as Error).message}); retrying in ${RETRY_MS / 1000}s`,
      );
      setTimeout(() => void attempt(), RETRY_MS).unref();
    }
  };
  await attempt();
}
