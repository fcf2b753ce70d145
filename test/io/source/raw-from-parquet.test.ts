import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BarRecord, RawBars, TopixRecord } from '../../../engine/raw-bars.ts';
import { rawBarsFromRecords, topixFromRecords } from '../../../engine/raw-from-records.ts';
import { rawBarsFromParquet, topixFromParquet } from '../../../io/source/raw-from-parquet.ts';

/** Days since 1970-01-01, computed independently of engine/dates.ts. */
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** The rows of RawBars keyed by code and date, so that two reads compare whatever their code dictionaries. */
function rowsOf(r: RawBars): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (let i = 0; i < r.rows; i++) {
    const adj = r.adjClose === undefined ? [] : [r.adjOpen![i]!, r.adjHigh![i]!, r.adjLow![i]!, r.adjClose[i]!, r.adjVolume![i]!];
    out.set(`${r.codes[r.code[i]!]} ${r.date[i]}`, [
      r.open[i]!, r.high[i]!, r.low[i]!, r.close[i]!, r.volume[i]!, r.turnover[i]!, r.adjFactor[i]!, r.upperLimit[i]!, r.lowerLimit[i]!, ...adj,
    ]);
  }
  return out;
}

/** Codes and dates row by row, as text and day numbers. */
const keys = (r: RawBars): string[] => Array.from(r.code, (k, i) => `${r.codes[k]} ${r.date[i]}`);

describe('rawBarsFromParquet and topixFromParquet', () => {
  let dir = '';
  let db: Awaited<ReturnType<DuckDBInstance['connect']>>;
  let files = 0;
  /** Writes the query's result to a fresh Parquet file and returns its path. */
  const parquet = async (select: string, options = ''): Promise<string> => {
    const path = join(dir, `t${files++}.parquet`);
    await db.run(`COPY (${select}) TO '${path}' (FORMAT parquet${options})`);
    return path;
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gq-raw-parquet-'));
    db = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterAll(async () => {
    db.closeSync();
    await rm(dir, { recursive: true, force: true });
  });

  /** Four bars of two codes; the caller picks how Date, Code and the flags are typed. */
  const bars = (date: string[], code: string[], ul: string[], ll: string[]): string => `SELECT * FROM (VALUES
    (${date[0]}, ${code[0]}, 100.0, 101.5, 99.0, 101.0, 1000, 101000.0, 1.0, ${ul[0]}, ${ll[0]}),
    (${date[1]}, ${code[0]}, NULL, NULL, NULL, NULL, 0, 0.0, NULL, ${ul[1]}, ${ll[1]}),
    (${date[0]}, ${code[1]}, 2000.0, 2100.0, 1990.0, 2100.0, 50, 104000.0, 0.5, ${ul[0]}, ${ll[0]}),
    (${date[1]}, ${code[1]}, 2100.0, 2100.0, 2100.0, 2100.0, NULL, NULL, 1.0, ${ul[1]}, ${ll[1]})
  ) t("Date", "Code", "O", "H", "L", "C", "Vo", "Va", "AdjFactor", "UL", "LL")`;

  /** What `bars` holds, worked by hand: nulls as NaN, the null AdjFactor as 1. */
  const expected = (d0: string, d1: string): Map<string, number[]> => new Map([
    [`72030 ${day(d0)}`, [100, 101.5, 99, 101, 1000, 101000, 1, 0, 1]],
    [`72030 ${day(d1)}`, [NaN, NaN, NaN, NaN, 0, 0, 1, 1, 0]],
    [`130A0 ${day(d0)}`, [2000, 2100, 1990, 2100, 50, 104000, 0.5, 0, 1]],
    [`130A0 ${day(d1)}`, [2100, 2100, 2100, 2100, NaN, NaN, 1, 1, 0]],
  ]);

  it('reads DATE dates, text codes and BOOLEAN flags, nulls as NaN and a null AdjFactor as 1', async () => {
    const path = await parquet(bars(["DATE '2024-01-04'", "DATE '2024-01-05'"], ["'72030'", "'130A0'"], ['false', 'true'], ['true', 'false']));
    const r = await rawBarsFromParquet(path);
    expect(r.rows).toBe(4);
    expect(keys(r)).toEqual([`72030 ${day('2024-01-04')}`, `72030 ${day('2024-01-05')}`, `130A0 ${day('2024-01-04')}`, `130A0 ${day('2024-01-05')}`]);
    expect(rowsOf(r)).toEqual(expected('2024-01-04', '2024-01-05'));
    expect(r.adjClose).toBeUndefined();
  });

  it('reads YYYY-MM-DD and YYYYMMDD text dates and text flags', async () => {
    const path = await parquet(bars(["'2023-12-29'", "'20240104'"], ["'72030'", "'130A0'"], ["'0'", "'1'"], ["'1'", "'0'"]));
    expect(rowsOf(await rawBarsFromParquet(path))).toEqual(expected('2023-12-29', '2024-01-04'));
  });

  it.each([
    ['TIMESTAMP (us)', 'TIMESTAMP'],
    ['TIMESTAMP_NS', 'TIMESTAMP_NS'],
    ['TIMESTAMP_MS', 'TIMESTAMP_MS'],
  ])('reads %s dates at midnight as their day', async (_, type) => {
    const path = await parquet(bars([`${type} '2024-02-29 00:00:00'`, `${type} '2024-03-01 00:00:00'`], ["'72030'", "'130A0'"], ['0', '1'], ['1', '0']));
    expect(rowsOf(await rawBarsFromParquet(path))).toEqual(expected('2024-02-29', '2024-03-01'));
  });

  it('reads integer codes as their decimal text and YYYYMMDD integers as dates', async () => {
    // '130A0' cannot be an integer: the second code is 13010 here.
    const path = await parquet(bars(['20240104', '20240105'], ['72030::BIGINT', '13010::BIGINT'], ['0::INTEGER', '1::INTEGER'], ['1::BIGINT', '0::BIGINT']));
    const r = await rawBarsFromParquet(path);
    expect(r.codes).toEqual(['72030', '13010']);
    const want = new Map([...expected('2024-01-04', '2024-01-05')].map(([k, v]) => [k.replace('130A0', '13010'), v]));
    expect(rowsOf(r)).toEqual(want);
  });

  it('reads integer and DECIMAL prices, with their nulls, and leaves UL/LL at 0 when absent', async () => {
    const path = await parquet(`SELECT * FROM (VALUES
      (DATE '2024-01-04', '72030', 100::INTEGER, 101.5::DECIMAL(6,1), 99::BIGINT, 101.25::DECIMAL(18,2), 1000::INTEGER, 101000::BIGINT, 1::INTEGER),
      (DATE '2024-01-05', '72030', NULL, NULL, NULL, NULL, NULL, NULL, NULL)
    ) t("Date", "Code", "O", "H", "L", "C", "Vo", "Va", "AdjFactor")`);
    expect(rowsOf(await rawBarsFromParquet(path))).toEqual(new Map([
      [`72030 ${day('2024-01-04')}`, [100, 101.5, 99, 101.25, 1000, 101000, 1, 0, 0]],
      [`72030 ${day('2024-01-05')}`, [NaN, NaN, NaN, NaN, NaN, NaN, 1, 0, 0]],
    ]));
  });

  it('reads a null UL or LL as 0', async () => {
    const path = await parquet(`SELECT * FROM (VALUES
      (DATE '2024-01-04', '72030', 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, true, NULL::INTEGER),
      (DATE '2024-01-05', '72030', 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, NULL, 1),
      (DATE '2024-01-09', '72030', 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, false, 2)
    ) t("Date", "Code", "O", "H", "L", "C", "Vo", "Va", "AdjFactor", "UL", "LL")`);
    const r = await rawBarsFromParquet(path);
    expect([...r.upperLimit]).toEqual([1, 0, 0]);
    expect([...r.lowerLimit]).toEqual([0, 1, 0]);
  });

  it('keeps J-Quants adjusted values when AdjC is there, a missing one as null', async () => {
    const path = await parquet(`SELECT DATE '2024-01-04' AS "Date", '72030' AS "Code", 100.0 AS "O", 100.0 AS "H", 100.0 AS "L", 100.0 AS "C",
      10.0 AS "Vo", 1000.0 AS "Va", 1.0 AS "AdjFactor", 50.0 AS "AdjO", 51.0 AS "AdjH", NULL::DOUBLE AS "AdjL", 50.5 AS "AdjC"`);
    const r = await rawBarsFromParquet(path);
    expect([r.adjOpen![0], r.adjHigh![0], r.adjLow![0], r.adjClose![0], r.adjVolume![0]]).toEqual([50, 51, NaN, 50.5, NaN]);
  });

  it('gives the records path\'s rows for the same data, across row groups and on one or two threads', async () => {
    const records: BarRecord[] = [];
    const codes = ['72030', '130A0', '86970', '99840'];
    for (let d = 0; d < 600; d++) {
      for (let c = 0; c < codes.length; c++) {
        const i = d * codes.length + c;
        const p = (k: number): number | null => (i % 97 === k ? null : 1000 + ((i * 37 + k * 11) % 500) / 4);
        records.push({
          Date: new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10), Code: codes[c]!,
          O: p(1), H: p(2), L: p(3), C: p(4), Vo: i % 89 === 0 ? null : i * 100, Va: (i * 12345) % 99991,
          UL: i % 13 === 0 ? '1' : '0', LL: i % 17 === 0 ? '1' : '0', AdjFactor: i % 301 === 0 ? 0.5 : 1,
        });
      }
    }
    const csv = join(dir, 'bars.csv');
    const cell = (v: unknown): string => (v === null ? '' : String(v));
    await writeFile(csv, ['Date,Code,O,H,L,C,UL,LL,Vo,Va,AdjFactor', ...records.map((r) => [r.Date, r.Code, r.O, r.H, r.L, r.C, r.UL, r.LL, r.Vo, r.Va, r.AdjFactor].map(cell).join(','))].join('\n'));
    const path = await parquet(`SELECT * FROM read_csv('${csv}', types = {'Code': 'VARCHAR', 'UL': 'VARCHAR', 'LL': 'VARCHAR'})`, ', COMPRESSION zstd, ROW_GROUP_SIZE 1000');
    const want = rowsOf(rawBarsFromRecords(records));
    expect(want.size).toBe(2400);
    expect(rowsOf(await rawBarsFromParquet(path, { threads: 1 }))).toEqual(want);
    expect(rowsOf(await rawBarsFromParquet(path, { threads: 2 }))).toEqual(want);
  });

  describe('errors', () => {
    it('names the file and the missing columns as the records path does', async () => {
      const path = await parquet(`SELECT DATE '2024-01-04' AS "Date", '72030' AS "Code", 1.0 AS "O", 1.0 AS "H", 1.0 AS "L", 1.0 AS "C", 1.0 AS "Va"`);
      await expect(rawBarsFromParquet(path)).rejects.toThrow(`${path}: missing column(s) Vo, AdjFactor; expected J-Quants V2 names (Date, Code, O, H, L, C, Vo, Va, AdjFactor, UL, LL)`);
    });

    it('names the file, the column, the bad date text and its row', async () => {
      const path = await parquet(bars(["'2024-01-04'", "'2024/01/05'"], ["'72030'", "'130A0'"], ['0', '0'], ['0', '0']));
      await expect(rawBarsFromParquet(path)).rejects.toThrow(`${path}: column Date: "2024/01/05" (row 1) is not a YYYY-MM-DD or YYYYMMDD date`);
    });

    it('refuses a timestamp with a time of day, which would shift days', async () => {
      const path = await parquet(bars(["TIMESTAMP '2024-01-04 00:00:00'", "TIMESTAMP '2024-01-04 15:00:00'"], ["'72030'", "'130A0'"], ['0', '0'], ['0', '0']));
      await expect(rawBarsFromParquet(path)).rejects.toThrow(`${path}: column Date: 2024-01-04T15:00:00.000Z (row 1) has a time of day`);
    });

    it('refuses a Date column of another type, naming it and a value', async () => {
      const path = await parquet(bars(['45295.0::DOUBLE', '45296.0::DOUBLE'], ["'72030'", "'130A0'"], ['0', '0'], ['0', '0']));
      await expect(rawBarsFromParquet(path)).rejects.toThrow(`${path}: column Date is DOUBLE (e.g. 45295); expected DATE, TIMESTAMP, YYYY-MM-DD text or YYYYMMDD integers`);
    });

    it('refuses prices held as text, naming the column and a value', async () => {
      const path = await parquet(`SELECT DATE '2024-01-04' AS "Date", '72030' AS "Code", '101.5' AS "O", 1.0 AS "H", 1.0 AS "L", 1.0 AS "C", 1.0 AS "Vo", 1.0 AS "Va", 1.0 AS "AdjFactor"`);
      await expect(rawBarsFromParquet(path)).rejects.toThrow(`${path}: column O is BYTE_ARRAY (UTF8) (e.g. "101.5"); expected a float, integer or DECIMAL type`);
    });
  });

  describe('TOPIX', () => {
    const topixRows: TopixRecord[] = [
      { Date: '2024-01-09', O: 2500, H: 2510.5, L: 2490, C: 2505.25 },
      { Date: '2024-01-04', O: 2450, H: 2460, L: 2440, C: null },
      { Date: '2024-01-05', O: null, H: 2470, L: 2445, C: 2466 },
    ];
    const sql = (rows: TopixRecord[], date: (d: string) => string): string => `SELECT * FROM (VALUES ${rows
      .map((r) => `(${date(r.Date)}, ${[r.O, r.H, r.L, r.C].map((v) => (v === null ? 'NULL::DOUBLE' : `${v}::DOUBLE`)).join(', ')})`)
      .join(', ')}) t("Date", "O", "H", "L", "C")`;

    it('sorts by date and keeps nulls, as topixFromRecords does with the same rows', async () => {
      const t = await topixFromParquet(await parquet(sql(topixRows, (d) => `DATE '${d}'`)));
      expect([...t.date]).toEqual([day('2024-01-04'), day('2024-01-05'), day('2024-01-09')]);
      expect([...t.open]).toEqual([2450, NaN, 2500]);
      expect([...t.close]).toEqual([NaN, 2466, 2505.25]);
      expect(t).toEqual(topixFromRecords(topixRows));
    });

    it('reads text dates too', async () => {
      expect(await topixFromParquet(await parquet(sql(topixRows, (d) => `'${d.replaceAll('-', '')}'`)))).toEqual(topixFromRecords(topixRows));
    });

    it('refuses two rows for one date with the records path\'s message', async () => {
      const rows = [...topixRows, { Date: '2024-01-05', O: 1, H: 1, L: 1, C: 1 }];
      const path = await parquet(sql(rows, (d) => `DATE '${d}'`));
      expect(() => topixFromRecords(rows)).toThrow('TOPIX has two records for 2024-01-05');
      await expect(topixFromParquet(path)).rejects.toThrow('TOPIX has two records for 2024-01-05');
    });
  });
});
