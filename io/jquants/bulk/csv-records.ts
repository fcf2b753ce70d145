/**
 * A downloaded bulk file as records: the file streams through node:zlib's gunzip and a CSV reader (csv-rows.ts by
 * default; fast-csv, about ten times slower, with `parser: 'fast-csv'`), and each row becomes a
 * record with the JSON answer's types, read off the endpoint's field table (the same table the validation uses):
 * every CSV cell is text, so `num` cells become numbers, `num|null` cells become numbers or null (an empty cell),
 * flags, dates, codes and strings stay strings (a code such as 130A0 or 13010 is never a number), an optional key
 * with an empty cell is left out (as the JSON leaves out Premium-only keys), and a `YYYYMMDD` date becomes
 * `YYYY-MM-DD`. A cell that does not read as its kind is passed on as text, so the validation names it.
 * Records come back grouped by the endpoint's date field, in file order within each day.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parse } from 'fast-csv';
import { parseDayMemo } from '../../../engine/dates.ts';
import { csvRows } from './csv-rows.ts';
import type { Endpoint } from '../endpoints.ts';
import { fieldTableOf } from '../schemas/index.ts';

type Convert = (cell: string) => unknown;

const NUMERIC = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const OMIT = Symbol('omit');

export type CsvParser = 'gq' | 'fast-csv';

/** The file's records by day (days since epoch), each day's records in file order. */
export async function readBulkCsv(path: string, e: Endpoint, parser: CsvParser = 'gq'): Promise<Map<number, Record<string, unknown>[]>> {
  const byDay = new Map<number, Record<string, unknown>[]>();
  const dayOf = parseDayMemo();
  let names: string[] | null = null;
  let converters: Convert[] = [];
  let dateAt = -1;
  const take = (row: string[]): void => {
    if (names === null) {
      names = row.map((h) => h.trim());
      converters = names.map((n) => converterOf(e, n));
      dateAt = names.indexOf(e.dateField);
      if (dateAt < 0) throw new Error(`its header has no ${e.dateField} column (${names.slice(0, 8).join(',')}...)`);
      return;
    }
    const r: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const v = converters[i]!(row[i] ?? '');
      if (v !== OMIT) r[names[i]!] = v;
    }
    const d = dayOf(r[e.dateField] as string);
    if (!Number.isInteger(d)) throw new Error(`row with ${e.dateField} "${String(row[dateAt])}" is not dated YYYY-MM-DD`);
    let list = byDay.get(d);
    if (list === undefined) byDay.set(d, (list = []));
    list.push(r);
  };
  if (parser === 'fast-csv') {
    await pipeline(createReadStream(path), createGunzip(), parse({ headers: false, ignoreEmpty: true }), async (rows: AsyncIterable<string[]>) => {
      for await (const row of rows) take(row);
    });
  } else {
    await pipeline(createReadStream(path), createGunzip(), async (chunks: AsyncIterable<Buffer>) => {
      for await (const batch of csvRows(chunks)) for (const row of batch) take(row);
    });
  }
  return byDay;
}

/** How a column's text becomes its JSON value, by the field table's kind (unknown columns stay text). */
function converterOf(e: Endpoint, name: string): Convert {
  const spec = fieldTableOf(e.name)[name];
  if (spec === undefined) return (s) => s;
  const optional = spec.endsWith('?');
  const kind = optional ? spec.slice(0, -1) : spec;
  const empty = (s: string): unknown => (optional ? OMIT : s);
  switch (kind) {
    case 'num':
      return (s) => (NUMERIC.test(s) ? Number(s) : s);
    case 'num|null':
      return (s) => (s === '' ? null : NUMERIC.test(s) ? Number(s) : s);
    case 'num|-': case 'num|*': case 'num|-|*':
      return (s) => (s === '' ? null : NUMERIC.test(s) ? Number(s) : s);
    case 'date':
      return (s) => (/^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}` : s);
    default:
      return (s) => (s === '' ? empty(s) : s);
  }
}
