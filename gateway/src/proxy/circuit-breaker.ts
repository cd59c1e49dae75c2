// Opens after consecutive failures (errors, 5xx, slow calls), lets one trial through after a pause.

export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private trialInFlight = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly resetAfterMs: number,
  ) {}

  /** Whether a request may go to this target now; in half-open state only one trial at a time. */
  available(now: number): boolean {
    return this.openUntil === 0 || (now >= this.openUntil && !this.trialInFlight);
  }

  /** Marks the request about to be sent; when half-open it is the one trial. */
  begin(): void {
    if (this.openUntil !== 0) this.trialInFlight = true;
  }

  /** The call ended without a verdict on the upstream (the client left): free the trial slot. */
  abandon(): void {
    this.trialInFlight = false;
  }

  success(): void {
    this.failures = 0;
    this.openUntil = 0;
    this.trialInFlight = false;
  }

  failure(now: number): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.openUntil !== 0 || this.failures >= this.failureThreshold)
      this.openUntil = now + this.resetAfterMs;
  }
}
