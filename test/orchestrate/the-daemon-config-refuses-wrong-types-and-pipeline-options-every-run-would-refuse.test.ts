import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDaemonConfig, loadDaemonConfig } from '../../orchestrate/config.ts';
import { tmpFolder } from './helpers/tmp.ts';

/** The message buildDaemonConfig throws for `raw`, read as the file `where`. */
function refusal(raw: Record<string, unknown>, base = tmpFolder('config-values')): string {
  try {
    buildDaemonConfig(raw, 'gq.schedules.json', base, {});
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${JSON.stringify(raw)} was accepted`);
}

describe('the daemon config', () => {
  it.each([
    [{ sensors: { quality_alert: { enabled: 'no' } } }, 'sensors.quality_alert.enabled is "no"; expected true or false (without quotes)'],
    [{ sensors: { data_arrival: { enabled: 0 } } }, 'sensors.data_arrival.enabled is 0; expected true or false'],
    [{ schedules: [{ name: 'feature_sync', enabled: 'false' }] }, 'schedule feature_sync: enabled is "false"; expected true or false'],
    [{ schedules: [{ name: 'daily_pipeline', job: 'datasets' }] }, 'schedule daily_pipeline: job "datasets" is not a job (dataset, feature_sync, train, command, noop)'],
    [{ concurrency: 1.5 }, 'concurrency is 1.5; expected a whole number >= 1'],
    [{ retries: { count: 0.5 } }, 'retries.count is 0.5; expected a whole number >= 0'],
    [{ output: 5 }, 'output is 5; expected a path (relative to the config file)'],
    [{ trainDataset: '' }, 'trainDataset is ""; expected a path'],
    [{ sensors: { quality_alert: { webhook: 'localhost:9000/alert' } } }, 'sensors.quality_alert.webhook is "localhost:9000/alert"; expected an http:// or https:// URL'],
  ])('refuses %j naming the key, the value and what it takes', (raw, message) => {
    expect(refusal(raw).startsWith(`gq.schedules.json: ${message}`)).toBe(true);
  });

  it('refuses a pipeline value every run would refuse, naming the config key and gq run\'s own message', () => {
    expect(refusal({ pipeline: { historyFrom: '2024-13-01' } })).toBe('gq.schedules.json: pipeline.historyFrom: --history-from "2024-13-01" is not a date; expected YYYY-MM-DD, e.g. --history-from 2024-01-04');
    expect(refusal({ pipeline: { codes: '12' } })).toMatch(/^gq\.schedules\.json: pipeline\.codes: --codes 12 is not a TSE code/);
    expect(refusal({ pipeline: { families: 'returnz' } })).toMatch(/^gq\.schedules\.json: pipeline\.families: --families returnz is not a feature family/);
  });

  it.each([['from'], ['to'], ['days'], ['output'], ['dataset']])('refuses pipeline.%s, which the daemon sets for each run, saying what to use instead', (key) => {
    expect(refusal({ pipeline: { [key]: key === 'days' ? 5 : '2026-01-05' } })).toMatch(new RegExp(`^gq\\.schedules\\.json: pipeline\\.${key} cannot be set: `));
  });

  it('reads pipeline paths relative to the config file, as every other path in it, not to the folder the daemon starts in', () => {
    const base = tmpFolder('config-paths');
    mkdirSync(join(base, 'data'));
    const cfg = buildDaemonConfig({ pipeline: { source: 'data', cacheDir: 'cache', dividends: 'div.csv' } }, 'gq.schedules.json', base, {});
    expect(cfg.pipeline).toEqual({ source: join(base, 'data'), cacheDir: join(base, 'cache'), dividends: join(base, 'div.csv') });
  });

  it.each([['null', 'null'], ['[1, 2]', 'a list'], ['"x"', 'a string']])('refuses a file holding %s instead of an object, without a stack trace', (text, what) => {
    const dir = tmpFolder('config-top');
    writeFileSync(join(dir, 'gq.schedules.json'), text);
    expect(() => loadDaemonConfig(undefined, dir, {})).toThrow(`${join(dir, 'gq.schedules.json')} holds ${what}; a daemon config is one JSON object`);
  });

  it('says a --config that is a folder cannot be read, instead of calling it invalid JSON', () => {
    const dir = tmpFolder('config-dir');
    expect(() => loadDaemonConfig(dir, dir, {})).toThrow(`--config ${dir}: cannot be read (EISDIR)`);
  });
});
