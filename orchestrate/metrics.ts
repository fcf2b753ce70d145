/** The daemon's Prometheus metrics (prom-client), on one registry per daemon, with the default process metrics. */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Every metric of the daemon; the names are listed in docs/scheduling.md. The job of a run is the label `run_job`:
 * Prometheus gives every scraped series the target's own `job` label, which would rename a metric label `job`.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gq_' });
  const r = [registry];
  return {
    registry,
    runDuration: new Histogram({ name: 'gq_run_duration_seconds', help: 'Duration of finished runs', labelNames: ['run_job', 'status'], buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600], registers: r }),
    runsTotal: new Counter({ name: 'gq_runs_total', help: 'Finished runs by job and status', labelNames: ['run_job', 'status'], registers: r }),
    runsActive: new Gauge({ name: 'gq_runs_active', help: 'Runs queued or running now', labelNames: ['status'], registers: r }),
    rowsWritten: new Counter({ name: 'gq_rows_written_total', help: 'Dataset rows written by runs', labelNames: ['asset'], registers: r }),
    apiRequests: new Counter({ name: 'gq_api_requests_total', help: 'J-Quants API requests by endpoint and status', labelNames: ['endpoint', 'status'], registers: r }),
    apiPaused: new Gauge({ name: 'gq_api_paused', help: '1 while all API work is paused after a 429', registers: r }),
    retries: new Counter({ name: 'gq_run_retries_total', help: 'Runs re-queued after a failure or an interruption', labelNames: ['run_job', 'reason'], registers: r }),
    qualityErrorRatio: new Gauge({ name: 'gq_quality_error_ratio', help: 'Quarantined share of rows in the last run of an asset', labelNames: ['asset'], registers: r }),
    freshnessLag: new Gauge({ name: 'gq_asset_freshness_lag_seconds', help: 'Time since the first available but unmaterialized partition of an asset was published (0 = up to date)', labelNames: ['asset'], registers: r }),
    assetStale: new Gauge({ name: 'gq_asset_stale', help: '1 when an asset is behind its freshness policy', labelNames: ['asset'], registers: r }),
    lastPartition: new Gauge({ name: 'gq_asset_last_partition_timestamp_seconds', help: 'The last materialized partition of an asset (00:00 JST of the day)', labelNames: ['asset'], registers: r }),
    nextTick: new Gauge({ name: 'gq_schedule_next_tick_timestamp_seconds', help: 'Next tick of each enabled schedule', labelNames: ['schedule'], registers: r }),
    sensorTicks: new Counter({ name: 'gq_sensor_ticks_total', help: 'Sensor evaluations', labelNames: ['sensor'], registers: r }),
    sensorRequests: new Counter({ name: 'gq_sensor_run_requests_total', help: 'Runs requested by sensors', labelNames: ['sensor'], registers: r }),
    alerts: new Counter({ name: 'gq_alerts_total', help: 'Alerts raised', labelNames: ['kind'], registers: r }),
    up: new Gauge({ name: 'gq_daemon_up', help: '1 while the daemon runs', registers: r }),
    startTime: new Gauge({ name: 'gq_daemon_start_time_seconds', help: 'When the daemon started', registers: r }),
  };
}
