import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDaemonConfig, loadDaemonConfig } from '../../orchestrate/config.ts';
import { tmpFolder } from './helpers/tmp.ts';

/** The error loadDaemonConfig throws for this config file, or null. */
function refusal(config: unknown): { file: string; message: string | null } {
  const dir = tmpFolder('config-keys');
  const file = join(dir, 'gq.schedules.json');
  writeFileSync(file, JSON.stringify(config));
  try {
    loadDaemonConfig(undefined, dir, {});
    return { file, message: null };
  } catch (e) {
    return { file, message: (e as Error).message };
  }
}

describe('the daemon config file', () => {
  it.each([
    [{ retires: { count: 0 } }, 'retires', 'retries'],
    [{ retries: { cout: 0 } }, 'retries.cout', 'retries.count'],
    [{ api: { requestPerWindow: 10 } }, 'api.requestPerWindow', 'api.requestsPerWindow'],
    [{ sensors: { data_arival: { enabled: false } } }, 'sensors.data_arival', 'sensors.data_arrival'],
    [{ sensors: { quality_alert: { treshold: 0.1 } } }, 'sensors.quality_alert.treshold', 'sensors.quality_alert.threshold'],
    [{ schedules: [{ name: 'feature_sync', enabeld: false }] }, 'schedules[0].enabeld', 'schedules[0].enabled'],
    [{ pipeline: { histroyFrom: '2024-01-04' } }, 'pipeline.histroyFrom', 'pipeline.historyFrom'],
  ])('refuses %j, naming the key %s, the file and %s', (config, key, suggestion) => {
    const { file, message } = refusal(config);
    expect(message).toContain(file);
    expect(message).toContain(`unknown key "${key}"`);
    expect(message).toContain(`did you mean "${suggestion}"?`);
  });

  it('names the keys it takes when nothing is close', () => {
    const { message } = refusal({ zzzzzzzz: 1 });
    expect(message).toContain('unknown key "zzzzzzzz"');
    expect(message).not.toContain('did you mean');
    expect(message).toContain('retries');
  });

  it('takes every key of the documented example', () => {
    const config = {
      state: '.gq/state.db', output: 'out/partitions', concurrency: 1,
      retries: { count: 2, backoffSeconds: 60, maxBackoffSeconds: 3600 },
      api: { plan: 'light', requestsPerWindow: 60, windowSeconds: 60, lockoutSeconds: 310 },
      pipeline: { historyFrom: '2024-01-04', workers: 2, format: 'parquet', codes: '7203,9984', sampleCodes: 8 },
      trainCommand: ['python3', 'train.py'], trainDataset: 'out/dataset.parquet',
      sensors: { data_arrival: { enabled: true, intervalMinutes: 10, lookbackDays: 1 }, quality_alert: { enabled: true, threshold: 0.05, webhook: 'http://127.0.0.1:9000/alert' } },
      schedules: [{ name: 'feature_sync', enabled: false }, { name: 'evening_report', cron: '30 21 * * *', days: 'tse', command: ['./report.sh'], overlap: 'wait' }],
    };
    expect(refusal(config).message).toBeNull();
    expect(buildDaemonConfig({ pipeline: { bulk: false } }, null, '/tmp').pipeline).toEqual({ bulk: false });
  });
});
