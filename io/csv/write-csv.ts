/** The fast CSV writer for the big feature table: string chunks of ~1 MiB, written while the next is built. */

import { open, type FileHandle } from 'node:fs/promises';
import { atomicTarget } from '../atomic.ts';
import { checkColumns, type OutColumn } from '../columns.ts';
import { writePieces } from '../write-pieces.ts';
import { cellText } from './cell-text.ts';
import { quoteCell } from './quote.ts';

/** Options of writeCsv. */
export interface WriteCsvOptions {
  /** Characters per write; default 1 MiB. */
  chunkChars?: number;
}

/** What writeCsv wrote. */
export interface WriteCsvResult {
  bytes: number;
  rows: number;
}

// Rows formatted column by column in blocks, so each column's formatter runs in a tight loop.
const BLOCK_ROWS = 1024;

/**
 * Writes `columns` to `path` as CSV: a header line of column names, one line per row, `,` separators,
 * `\n` line ends including after the last line; null (NaN) is an empty cell. Atomic like writeParquet.
 */
export async function writeCsv(path: string, columns: readonly OutColumn[], options: WriteCsvOptions = {}): Promise<WriteCsvResult> {
  checkColumns(columns, `writeCsv ${path}`);
  const sink = await openCsvSink(path, options);
  try {
    await sink.append(columns);
  } catch (e) {
    throw await sink.abort(e);
  }
  return sink.close();
}

export type CsvSink = {
  /** Formats and writes these rows; the first batch's column names make the header. */
  append(columns: readonly OutColumn[]): Promise<void>;
  /** Moves the file into place. */
  close(): Promise<WriteCsvResult>;
  /** Removes the temp file, leaving the target as it was; returns the error to throw. */
  abort(err: unknown): Promise<Error>;
};

/** Opens a CSV file at `path` for batched writing (temp file until close). */
export async function openCsvSink(path: string, options: WriteCsvOptions = {}): Promise<CsvSink> {
  const where = `writeCsv ${path}`;
  const chunkChars = options.chunkChars ?? 1 << 20;
  const target = atomicTarget(path);
  let handle: FileHandle;
  try {
    handle = await open(target.temp, 'wx');
  } catch (e) {
    throw await target.abort(e);
  }
  let pending: Promise<void> | undefined;
  let bytes = 0;
  let rows = 0;
  let header: string | undefined;
  // The previous chunk is written on libuv's thread pool while the next one is formatted.
  const flush = async (text: string): Promise<void> => {
    const data = Buffer.from(text, 'utf8');
    bytes += data.length;
    await pending;
    pending = writePieces(handle, [data]);
  };
  return {
    async append(columns) {
      const n = checkColumns(columns, where);
      const head = columns.map((c) => quoteCell(c.name)).join(',') + '\n';
      let parts: string[] = [];
      let size = 0;
      if (header === undefined) { header = head; parts.push(head); size = head.length; }
      else if (head !== header) throw new Error(`${where}: a batch has columns ${head.trim()}, the file has ${header.trim()}`);
      const formatters = columns.map(cellText);
      const lines: string[] = new Array(BLOCK_ROWS);
      for (let start = 0; start < n; start += BLOCK_ROWS) {
        const k = Math.min(BLOCK_ROWS, n - start);
        if (k < BLOCK_ROWS) lines.length = k;
        formatBlock(formatters, start, k, lines);
        const text = lines.join('\n') + '\n';
        parts.push(text);
        size += text.length;
        if (size >= chunkChars) {
          await flush(parts.join(''));
          parts = [];
          size = 0;
        }
      }
      if (parts.length > 0) await flush(parts.join(''));
      await pending;
      pending = undefined;
      rows += n;
    },
    async close() {
      try {
        await pending;
        await handle.close();
        await target.commit();
        return { bytes, rows };
      } catch (e) {
        await handle.close().catch(() => undefined);
        throw await target.abort(e);
      }
    },
    async abort(err) {
      await pending?.catch(() => undefined);
      await handle.close().catch(() => undefined);
      return target.abort(err);
    },
  };
}

function formatBlock(formatters: ((i: number) => string)[], start: number, n: number, lines: string[]): void {
  const first = formatters[0];
  for (let r = 0; r < n; r++) lines[r] = first(start + r);
  for (let c = 1; c < formatters.length; c++) {
    const cell = formatters[c];
    for (let r = 0; r < n; r++) lines[r] += ',' + cell(start + r);
  }
}
