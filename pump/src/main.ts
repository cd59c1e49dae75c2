// Starts the pump: moves analytics batches from the Redis queue into MongoDB and keeps the aggregates.
import { runMain } from '@turnpike/common';
import { readPumpConfig } from './config';
import { log } from './log';
import { startPump } from './pump';

runMain('pump', async () => {
  const pump = await startPump(readPumpConfig());
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // A second signal means "now": jobs cut short are run again by another pump.
    if (stopping) process.exit(1);
    stopping = true;
    log(`${signal}: finishing current batches`);
    pump.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`pump: shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
});
