/** Shared test fixtures for the Parquet writer: a small hand-made table, temp dirs, DuckDB and hyparquet readers. */

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutColumn } from '../../../io/columns.ts';

/** Days since 1970-01-01 of a calendar date, computed independently of engine/dates.ts. */
export function day(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
}

/**
 * Six rows, two codes, every column kind. `expected` is written by hand: null where the input is NaN,
 * booleans for the 0/1 flags (255 counts as true), float32 values as Math.fround of the inputs.
 */
export function smallTable(): { columns: OutColumn[]; expected: Record<string, unknown>[] } {
  const columns: OutColumn[] = [
    // 'unused' is never referenced: it must not break anything
    { name: 'Code', kind: 'dict', indices: Int32Array.of(1, 1, 1, 2, 2, 2), dictionary: ['unused', '72030', '130A0'] },
    {
      name: 'Date',
      kind: 'date',
      values: Int32Array.from(['2024-01-04', '2024-01-05', '2024-01-09', '2024-01-04', '2024-01-05', '2024-01-09'], day),
    },
    { name: 'Close', kind: 'f64', values: Float64Array.of(NaN, 101.5, 99.25, 2500, NaN, -0.5) },
    { name: 'ret', kind: 'f64', values: Float64Array.of(0.1 + 0.2, -0, 1e-300, NaN, Number.MAX_VALUE, -123.456) },
    { name: 'empty', kind: 'f64', values: new Float64Array(6).fill(NaN) },
    { name: 'ratio', kind: 'f32', values: Float32Array.of(0.1, NaN, 1 / 3, 100.25, -2, NaN) },
    { name: 'limit_hit', kind: 'i8', values: Int8Array.of(0, 1, -1, 0, 0, 1) },
    { name: 'is_traded', kind: 'bool', values: Uint8Array.of(1, 1, 0, 1, 0, 255) },
  ];
  const f = Math.fround;
  const expected = [
    { Code: '72030', Date: '2024-01-04', Close: null, ret: 0.30000000000000004, empty: null, ratio: f(0.1), limit_hit: 0, is_traded: true },
    { Code: '72030', Date: '2024-01-05', Close: 101.5, ret: -0, empty: null, ratio: null, limit_hit: 1, is_traded: true },
    { Code: '72030', Date: '2024-01-09', Close: 99.25, ret: 1e-300, empty: null, ratio: f(1 / 3), limit_hit: -1, is_traded: false },
    { Code: '130A0', Date: '2024-01-04', Close: 2500, ret: null, empty: null, ratio: 100.25, limit_hit: 0, is_traded: true },
    { Code: '130A0', Date: '2024-01-05', Close: null, ret: 1.7976931348623157e308, empty: null, ratio: -2, limit_hit: 0, is_traded: false },
    { Code: '130A0', Date: '2024-01-09', Close: -0.5, ret: -123.456, empty: null, ratio: null, limit_hit: 1, is_traded: true },
  ];
  return { columns, expected };
}

/** A fresh temp directory and its cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'gq-io-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** An in-process DuckDB connection. */
export async function duckdb(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  return instance.connect();
}

/** Rows of a DuckDB query as plain JS objects. */
export async function query(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

/** The file's bytes as an ArrayBuffer, as hyparquet wants them. */
export async function fileBuffer(path: string): Promise<ArrayBuffer> {
  const bytes = await readFile(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
}

/** Every row read by hyparquet (ZSTD through hyparquet-compressors), dates as ISO strings. */
export async function readWithHyparquet(path: string): Promise<Record<string, unknown>[]> {
  const file = await fileBuffer(path);
  const rows = (await parquetReadObjects({ file, compressors })) as Record<string, unknown>[];
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : v])),
  );
}

/** The footer metadata read by hyparquet. */
export async function readMetadata(path: string): Promise<ReturnType<typeof parquetMetadata>> {
  return parquetMetadata(await fileBuffer(path));
}
