// Counters and histograms for /metrics; per-worker snapshots merge into one Prometheus page.

const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricsSnapshot {
  requests: Record<string, number>;
  upstreamErrors: Record<string, number>;
  latencyBuckets: number[];
  latencySum: number;
  latencyCount: number;
  redisErrors: number;
  analyticsDropped: number;
  analyticsBuffered: number;
  analyticsQueued: number;
}

/** Counters of one API, held by its compiled chain so the hot path touches no shared map. */
export class ApiStats {
  readonly byStatus = new Map<number, number>();
  readonly upstreamErrors = new Map<string, number>();

  constructor(
    private readonly metrics: Metrics,
    readonly apiId: string,
  ) {}

  request(status: number, seconds: number, errorCode: string | undefined): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    this.metrics.latency(seconds);
    if (errorCode !== undefined && errorCode.startsWith('upstream.')) {
      this.upstreamErrors.set(errorCode, (this.upstreamErrors.get(errorCode) ?? 0) + 1);
    }
  }
}

export class Metrics {
  private readonly apis = new Map<string, ApiStats>();
  private readonly unroutedByStatus = new Map<number, number>();
  private readonly buckets = new Array<number>(LATENCY_BUCKETS_S.length + 1).fill(0);
  private latencySum = 0;
  private latencyCount = 0;
  private redisErrors = 0;
  analyticsDropped = 0;
  analyticsQueued = 0;
  analyticsBuffered: () => number = () => 0;

  /** The counters of an API; the same object across reloads, so counters never go back. */
  forApi(apiId: string): ApiStats {
    let stats = this.apis.get(apiId);
    if (stats === undefined) {
      stats = new ApiStats(this, apiId);
      this.apis.set(apiId, stats);
    }
    return stats;
  }

  unrouted(status: number): void {
    this.unroutedByStatus.set(status, (this.unroutedByStatus.get(status) ?? 0) + 1);
  }

  latency(seconds: number): void {
    let i = 0;
    while (i < LATENCY_BUCKETS_S.length && seconds > LATENCY_BUCKETS_S[i]!) i++;
    this.buckets[i]!++;
    this.latencySum += seconds;
    this.latencyCount++;
  }

  redisError(): void {
    this.redisErrors++;
  }

  snapshot(): MetricsSnapshot {
    const requests: Record<string, number> = {};
    const upstreamErrors: Record<string, number> = {};
    for (const [status, count] of this.unroutedByStatus) requests['\u0000' + status] = count;
    for (const stats of this.apis.values()) {
      for (const [status, count] of stats.byStatus)
        requests[stats.apiId + '\u0000' + status] = count;
      for (const [code, count] of stats.upstreamErrors)
        upstreamErrors[stats.apiId + '\u0000' + code] = count;
    }
    return {
      requests,
      upstreamErrors,
      latencyBuckets: [...this.buckets],
      latencySum: this.latencySum,
      latencyCount: this.latencyCount,
      redisErrors: this.redisErrors,
      analyticsDropped: this.analyticsDropped,
      analyticsBuffered: this.analyticsBuffered(),
      analyticsQueued: this.analyticsQueued,
    };
  }
}

export function mergeSnapshots(snapshots: readonly MetricsSnapshot[]): MetricsSnapshot {
  const merged: MetricsSnapshot = {
    requests: {},
    upstreamErrors: {},
    latencyBuckets: new Array<number>(LATENCY_BUCKETS_S.length + 1).fill(0),
    latencySum: 0,
    latencyCount: 0,
    redisErrors: 0,
    analyticsDropped: 0,
    analyticsBuffered: 0,
    analyticsQueued: 0,
  };
  for (const s of snapshots) {
    for (const [k, v] of Object.entries(s.requests))
      merged.requests[k] = (merged.requests[k] ?? 0) + v;
    for (const [k, v] of Object.entries(s.upstreamErrors))
      merged.upstreamErrors[k] = (merged.upstreamErrors[k] ?? 0) + v;
    s.latencyBuckets.forEach(
      (v, i) => (merged.latencyBuckets[i] = (merged.latencyBuckets[i] ?? 0) + v),
    );
    merged.latencySum += s.latencySum;
    merged.latencyCount += s.latencyCount;
    merged.redisErrors += s.redisErrors;
    merged.analyticsDropped += s.analyticsDropped;
    merged.analyticsBuffered += s.analyticsBuffered;
    merged.analyticsQueued += s.analyticsQueued;
  }
  return merged;
}

const label = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function renderPrometheus(s: MetricsSnapshot): string {
  const lines: string[] = [];
  lines.push(
    '# HELP turnpike_requests_total Requests served, by API and status.',
    '# TYPE turnpike_requests_total counter',
  );
  for (const [key, value] of Object.entries(s.requests)) {
    const [api, status] = key.split('\u0000');
    lines.push(`turnpike_requests_total{api="${label(api!)}",status="${status}"} ${value}`);
  }
  lines.push(
    '# HELP turnpike_request_duration_seconds Time from request to response end.',
    '# TYPE turnpike_request_duration_seconds histogram',
  );
  let cumulative = 0;
  LATENCY_BUCKETS_S.forEach((le, i) => {
    cumulative += s.latencyBuckets[i] ?? 0;
    lines.push(`turnpike_request_duration_seconds_bucket{le="${le}"} ${cumulative}`);
  });
  cumulative += s.latencyBuckets[LATENCY_BUCKETS_S.length] ?? 0;
  lines.push(`turnpike_request_duration_seconds_bucket{le="+Inf"} ${cumulative}`);
  lines.push(
    `turnpike_request_duration_seconds_sum ${s.latencySum}`,
    `turnpike_request_duration_seconds_count ${s.latencyCount}`,
  );
  lines.push(
    '# HELP turnpike_upstream_errors_total Upstream failures, by API and error code.',
    '# TYPE turnpike_upstream_errors_total counter',
  );
  for (const [key, value] of Object.entries(s.upstreamErrors)) {
    const [api, code] = key.split('\u0000');
    lines.push(
      `turnpike_upstream_errors_total{api="${label(api!)}",code="${label(code!)}"} ${value}`,
    );
  }
  lines.push(
    '# HELP turnpike_redis_errors_total Redis commands that failed on the request path.',
    '# TYPE turnpike_redis_errors_total counter',
  );
  lines.push(`turnpike_redis_errors_total ${s.redisErrors}`);
  lines.push(
    '# HELP turnpike_analytics_buffered Analytics records waiting to be queued.',
    '# TYPE turnpike_analytics_buffered gauge',
  );
  lines.push(`turnpike_analytics_buffered ${s.analyticsBuffered}`);
  lines.push(
    '# HELP turnpike_analytics_queued_total Analytics records handed to the pump queue.',
    '# TYPE turnpike_analytics_queued_total counter',
  );
  lines.push(`turnpike_analytics_queued_total ${s.analyticsQueued}`);
  lines.push(
    '# HELP turnpike_analytics_dropped_total Analytics records dropped because the buffer was full.',
    '# TYPE turnpike_analytics_dropped_total counter',
  );
  lines.push(`turnpike_analytics_dropped_total ${s.analyticsDropped}`);
  return lines.join('\n') + '\n';
}
