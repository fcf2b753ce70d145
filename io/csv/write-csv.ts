/** The fast CSV writer for the big feature table: string chunks of ~1 MiB, written while the next is built. */

import { openAppendFile, type AppendFile } from '../append-file.ts';
import { atomicTarget } from '../atomic.ts';
import { writeThrough } from '../sink.ts';
import { checkColumns, type OutColumn } from '../columns.ts';
import { csvHeader, formatCsvRows } from './format-rows.ts';

/** Options of writeCsv. */
export interface WriteCsvOptions {
  /** Characters per write; default 1 MiB. */
  chunkChars?: number;
  /** Write with O_DIRECT where the file system allows it, bypassing the page cache (default true; io/append-file.ts). */
  direct?: boolean;
}

/** What writeCsv wrote. */
export interface WriteCsvResult {
  bytes: number;
  rows: number;
}


/**
 * Writes `columns` to `path` as CSV: a header line of column names, one line per row, `,` separators,
 * `\n` line ends including after the last line; null (NaN) is an empty cell. Atomic like writeParquet.
 */
export async function writeCsv(path: string, columns: readonly OutColumn[], options: WriteCsvOptions = {}): Promise<WriteCsvResult> {
  checkColumns(columns, `writeCsv ${path}`);
  return writeThrough(await openCsvSink(path, options), columns);
}

export type CsvSink = {
  /** Formats and writes these rows; the first batch's column names make the header. */
  append(columns: readonly OutColumn[]): Promise<void>;
  /** Writes `n` rows of these columns already formatted (by formatCsvRows, e.g. on worker threads), in order. */
  appendFormatted(columns: readonly OutColumn[], blocks: readonly Uint8Array[], n: number): Promise<void>;
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
  let file: AppendFile;
  try {
    file = await openAppendFile(target.temp, { direct: options.direct });
  } catch (e) {
    throw await target.abort(e);
  }
  let bytes = 0;
  let rows = 0;
  let header: string | undefined;
  // The file's staging buffers are written on libuv's thread pool while the next chunk is formatted.
  const flushBytes = async (data: Uint8Array): Promise<void> => {
    bytes += data.length;
    await file.write([data]);
  };
  const flush = (text: string): Promise<void> => flushBytes(Buffer.from(text, 'utf8'));
  const start = (columns: readonly OutColumn[]): string => {
    const head = csvHeader(columns);
    if (header === undefined) { header = head; return head; }
    if (head !== header) throw new Error(`${where}: a batch has columns ${head.trim()}, the file has ${header.trim()}`);
    return '';
  };
  return {
    async append(columns) {
      const n = checkColumns(columns, where);
      const head = start(columns);
      if (head !== '') await flush(head);
      for (let at = 0; at < n; at += chunkRows(columns, chunkChars)) {
        await flush(formatCsvRows(columns, at, Math.min(n, at + chunkRows(columns, chunkChars))));
      }
      rows += n;
    },
    async appendFormatted(columns, blocks, n) {
      checkColumns(columns, where);
      const head = start(columns);
      if (head !== '') await flush(head);
      for (const b of blocks) await flushBytes(b);
      rows += n;
    },
    async close() {
      try {
        await file.close();
        await target.commit();
        return { bytes, rows };
      } catch (e) {
        await file.discard();
        throw await target.abort(e);
      }
    },
    async abort(err) {
      await file.discard();
      return target.abort(err);
    },
  };
}

/** Rows per formatted chunk: about `chars` characters, from a rough 12 characters per cell. */
function chunkRows(columns: readonly OutColumn[], chars: number): number {
  return Math.max(1, Math.floor(chars / (12 * columns.length)));
}
