/**
 * The historical join equals DuckDB's ASOF JOIN (fixtures/store/asof-reference.sql) on the same offline store:
 * 3,000 entity rows in random order (timestamps to the minute, some exactly at a view's availability time, two
 * codes the store lacks), two availability groups (technical at 18:00 JST with a 5-day TTL, the rest at 16:30
 * with 14 days). Tolerance: none; both sides read the same doubles, so every value must be identical and every
 * null must be a null.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makePrng } from '../../io/sample/prng.ts';
import { buildConfig, type StoreConfig } from '../../store/config.ts';
import { readEntities } from '../../store/entities.ts';
import { getHistoricalFeatures, type HistoricalResult } from '../../store/history.ts';
import { materialize } from '../../store/materialize.ts';
import { formatJst, jstInstant } from '../../store/time.ts';
import { readTable } from '../../store/table.ts';
import { sampleDataset, tempDir } from './helpers.ts';

const SQL = readFileSync(new URL('../../fixtures/store/asof-reference.sql', import.meta.url), 'utf8');

let dir: string;
let done: () => Promise<void>;
let config: StoreConfig;
let result: HistoricalResult;
let entitiesPath: string;

beforeAll(async () => {
  ({ dir, done } = await tempDir());
  const dataset = await sampleDataset();
  config = buildConfig(join(dir, 'gq.store.json'), { views: { technical: { availableAfter: '18:00', ttlDays: 5 } } });
  await materialize(config, { dataset });
  const t = await readTable(dataset, []);
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of t.date) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
  const rng = makePrng(7);
  const codes = [...t.codes, '1301', '9999'];
  const lines = ['Code,event_timestamp'];
  for (let i = 0; i < 3000; i++) {
    const day = rng.int(lo - 5, hi + 25);
    // a third of the rows exactly at 16:30 or 18:00 JST, or a minute before: the edges of availability
    const edge = rng.next();
    const minutes = edge < 0.1 ? 990 : edge < 0.2 ? 1080 : edge < 0.25 ? 989 : edge < 0.33 ? 1079 : rng.int(0, 1440);
    lines.push(`${codes[rng.int(0, codes.length)]},${formatJst(jstInstant(day, minutes))}`);
  }
  entitiesPath = join(dir, 'entities.csv');
  await writeFile(entitiesPath, `${lines.join('\n')}\n`);
  result = await getHistoricalFeatures(config, await readEntities(entitiesPath));
}, 120_000);
afterAll(() => done());

it('equals DuckDB\'s ASOF JOIN value for value, for every view and entity row', async () => {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  await db.run("SET TimeZone = 'UTC'");
  const views = [...new Set(result.refs.map((r) => r.view))];
  let compared = 0;
  let nonNull = 0;
  for (const v of views) {
    const refs = result.refs.filter((r) => r.view === v);
    const columns = refs.map((r) => `CASE WHEN e.ts - s.avail <= INTERVAL (${v.ttlDays}) DAY THEN s."${r.feature}"::DOUBLE END AS "${r.feature}"`).join(', ');
    const sql = SQL.replaceAll('{store}', (config.offline as { dir: string }).dir).replaceAll('{entities}', entitiesPath)
      .replaceAll('{offset_minutes}', String(v.availableAfter)).replaceAll('{columns}', columns);
    const rows = (await db.runAndReadAll(sql)).getRows();
    expect(rows.length).toBe(3000);
    for (const r of refs) {
      const col = result.values[result.refs.indexOf(r)]!;
      const k = refs.indexOf(r) + 1;
      for (let i = 0; i < rows.length; i++) {
        const ref = rows[i]![k] as number | null;
        const got = Number.isNaN(col[i]!) ? null : col[i];
        if (got !== ref) expect({ view: v.name, feature: r.feature, row: i, got }).toEqual({ view: v.name, feature: r.feature, row: i, got: ref });
        compared++;
        if (ref !== null) nonNull++;
      }
    }
  }
  expect(compared).toBe(3000 * result.refs.length);
  expect(nonNull).toBeGreaterThan(compared / 3); // the comparison is not all nulls
});
