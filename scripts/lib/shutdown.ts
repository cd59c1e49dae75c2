// Everything the launcher started, stopped newest first (services before the stores they use).
import { say } from './output';

interface Step {
  name: string;
  stop: () => Promise<void>;
}

export class Shutdown {
  private readonly steps: Step[] = [];
  private draining: Promise<void> = Promise.resolve();
  /** Set once stopping has begun: start-up stages check it and go no further. */
  closing = false;

  /** Registers a stop step; the returned function drops it again (for work that ended by itself). */
  add(name: string, stop: () => Promise<void>): () => void {
    const step = { name, stop };
    this.steps.push(step);
    return () => {
      const index = this.steps.indexOf(step);
      if (index >= 0) this.steps.splice(index, 1);
    };
  }

  /**
   * Stops every registered step, newest first. It may run more than once: something still starting
   * when stopping began registers itself late and is stopped by the next run.
   */
  run(): Promise<void> {
    this.closing = true;
    this.draining = this.draining.then(async () => {
      for (let step = this.steps.pop(); step; step = this.steps.pop()) {
        try {
          await step.stop();
        } catch (error) {
          say(`could not stop ${step.name} cleanly: ${(error as Error).message}`);
        }
      }
    });
    return this.draining;
  }
}
