import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../engine/dates.ts';
import { startStandin, type Standin } from '../../io/jquants/standin/server.ts';
import { generateMarket } from '../../io/sample/market.ts';
import { createBus } from '../../pipeline/events.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { parseRunOptions } from '../../pipeline/run-options.ts';

const market = generateMarket({ codes: 4, days: 30, seed: 3 });
// Three weeks of history before the market starts: days no bulk file covers, so after listing the files the plan
// holds by-date requests that the estimate made before listing (one file a month) does not count.
const HISTORY_FROM = formatDay(market.days[0]! - 21);
const LAST = formatDay(market.days[market.days.length - 1]!);
let standin: Standin;
const saved = { ...process.env };

beforeAll(async () => {
  standin = await startStandin({ port: 0, plan: 'premium', market });
  Object.assign(process.env, { JQUANTS_API_KEY: 'sk-test-5f2e8a91c4d7', JQUANTS_API_BASE_URL: standin.url, JQUANTS_PLAN: 'premium' });
});
afterAll(async () => {
  process.env = saved;
  await standin.close();
});

/** A paced premium run against the stand-in: what the fetch stage announced, the info lines, the progress events. */
async function fetchEvents(flags: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'gq-fetch-total-'));
  const o = parseRunOptions({ historyFrom: HISTORY_FROM, to: LAST, workers: 1, format: 'parquet', ...flags }, {}, dir, ['test'], true);
  const bus = createBus();
  const seen = { start: undefined as number | undefined, started: false, info: [] as string[], progress: [] as { done: number; total?: number }[] };
  bus.on('stage:start', (e) => { if (e.stage === 'fetch') { seen.started = true; seen.start = e.total; } });
  bus.on('info', (m) => seen.info.push(m));
  bus.on('stage:progress', (e) => { if (e.stage === 'fetch') seen.progress.push({ done: e.done, total: e.total }); });
  await runPipeline(o, bus);
  return seen;
}

describe('the fetch stage of a run with a key', () => {
  it('through bulk files: announces the count once the files are listed, and the progress counts to exactly it', async () => {
    const seen = await fetchEvents({});
    expect(seen.started).toBe(true);
    expect(seen.start, 'no count before the files are listed').toBeUndefined();
    const line = seen.info.map((l) => /^fetch: (\d+) requests for daily bars: the list of bulk files, (\d+) files? and (\d+) by-date requests? for days no file covers$/.exec(l)).find((m) => m !== null);
    expect(line, seen.info.join('\n')).toBeDefined();
    const announced = Number(line![1]);
    expect(announced).toBe(1 + Number(line![2]) + Number(line![3]));
    expect(new Set(seen.progress.map((p) => p.total))).toEqual(new Set([announced]));
    expect(seen.progress.at(-1)!.done).toBe(announced);
  }, 60_000);
});
