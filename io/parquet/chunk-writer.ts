/** Appends the pages of one column chunk to its row group's bytes: page headers, compressed bodies, offsets and sizes. */

import type { Encoding, PageHeader } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import type { ByteSink } from './byte-sink.ts';
import { zstdRoom, type CompressInto, type Compressor } from './compress.ts';

/** Chunk statistics as plain values (structured-clonable, so a worker can send them back). */
export type StatValue = number | string | boolean;

/** Everything the footer needs to know about one column chunk; offsets are relative to the row group start. */
export interface ChunkMeta {
  name: string;
  offset: number;
  dictionaryPageOffset?: number;
  dataPageOffset: number;
  compressedSize: number;
  uncompressedSize: number;
  numValues: number;
  nullCount: number;
  min?: StatValue;
  max?: StatValue;
  encodings: Encoding[];
  dataEncoding: Encoding;
  dataPages: number;
  /** Set when this chunk was stored uncompressed because compression did not pay; else the file's codec. */
  uncompressed?: true;
}

/** Bytes of a page body sampled to decide whether compressing the chunk pays. */
const SAMPLE = 64 * 1024;
/**
 * Below this saving on the sample, a chunk is stored uncompressed. On these features zstd level 1 costs ~2.5 ms of
 * CPU per MiB whatever it saves, and decompressing costs every reader again, while a MiB written or read costs well
 * under 1 ms of I/O: a chunk must shrink by a quarter to pay. Prices, volumes and moving averages save 35-80%;
 * returns and ratios of noisy prices save 0-20% and are stored (measured on the 4.5M-row sample: +3.5% file size,
 * a fifth less encoding time).
 */
const MIN_SAVING = 0.25;

/** Appends the pages of one column chunk to a row group's bytes. */
export class ChunkWriter {
  private readonly out: ByteSink;
  private readonly compress: Compressor;
  /** Where the row group starts in `out`: offsets are counted from there. */
  private readonly origin: number;
  private readonly start: number;
  private uncompressed = 0;
  private dictionaryPageOffset: number | undefined;
  private dataPageOffset = -1;
  private dataPages = 0;
  private dataEncoding: Encoding = 'PLAIN';
  /** Whether the chunk's pages go through `compress`; decided on the first data page of a chunk without dictionary. */
  private compressing: boolean | undefined;
  private readonly adaptive: boolean;
  private readonly into: CompressInto | undefined;

  /**
   * With `adaptive`, the first data page of a chunk without a dictionary is sampled: when compressing its first
   * 64 KiB saves less than MIN_SAVING (25%), the whole chunk is stored uncompressed (Parquet sets the codec per column chunk).
   * The decision depends on the chunk's bytes only, so the same data always gives the same file.
   * `origin`: the position in `out` of the row group's first byte (bytes before it are not the group's).
   * `into`, when given, compresses pages straight into `out` (the same bytes as `compress`, one copy fewer).
   */
  constructor(out: ByteSink, compress: Compressor, adaptive = false, origin = 0, into?: CompressInto) {
    this.out = out;
    this.into = into;
    this.origin = origin;
    this.start = out.length - origin;
    this.compress = compress;
    this.adaptive = adaptive;
  }

  /** Where the next page starts, relative to the row group's first byte. */
  get offset(): number {
    return this.out.length - this.origin;
  }

  /** Writes the dictionary page (PLAIN-encoded values); it must come before any data page. */
  dictionaryPage(body: Uint8Array, numValues: number): void {
    this.compressing = true;
    this.dictionaryPageOffset = this.offset;
    this.page(body, (compressed) => ({
      type: 'DICTIONARY_PAGE',
      uncompressed_page_size: body.length,
      compressed_page_size: compressed,
      dictionary_page_header: { num_values: numValues, encoding: 'PLAIN' },
    }));
  }

  /** Writes a data page (format v1: levels and values compressed together) of `numValues` rows. */
  dataPage(body: Uint8Array, numValues: number, encoding: Encoding): void {
    if (this.dataPageOffset < 0) this.dataPageOffset = this.offset;
    if (this.compressing === undefined) this.compressing = !this.adaptive || this.pays(body);
    this.dataPages++;
    this.dataEncoding = encoding;
    this.page(body, (compressed) => ({
      type: 'DATA_PAGE',
      uncompressed_page_size: body.length,
      compressed_page_size: compressed,
      data_page_header: {
        num_values: numValues,
        encoding,
        definition_level_encoding: 'RLE',
        repetition_level_encoding: 'RLE',
      },
    }));
  }

  /** The chunk's metadata once all pages are written. */
  finish(
    name: string,
    numValues: number,
    nullCount: number,
    min: StatValue | undefined,
    max: StatValue | undefined,
    encodings: Encoding[],
  ): ChunkMeta {
    return {
      name,
      offset: this.start,
      dictionaryPageOffset: this.dictionaryPageOffset,
      dataPageOffset: this.dataPageOffset,
      compressedSize: this.offset - this.start,
      uncompressedSize: this.uncompressed,
      numValues,
      nullCount,
      min,
      max,
      encodings,
      dataEncoding: this.dataEncoding,
      dataPages: this.dataPages,
      ...(this.compressing === false ? { uncompressed: true as const } : {}),
    };
  }

  /** Whether compressing pays on a sample of the page (small pages: always, they are cheap either way). */
  private pays(body: Uint8Array): boolean {
    if (body.length <= 2 * SAMPLE) return true;
    const sample = body.subarray(0, SAMPLE);
    return this.compress(sample).length < SAMPLE * (1 - MIN_SAVING);
  }

  private page(body: Uint8Array, header: (compressedSize: number) => PageHeader): void {
    if (this.compressing !== false && this.into !== undefined && this.pageInto(body, header)) return;
    const data = this.compressing === false ? body : this.compress(body);
    const head = headerBytes(header(data.length));
    this.out.append(head);
    this.out.append(data);
    // Parquet counts page headers in both the compressed and the uncompressed chunk size.
    this.uncompressed += head.length + body.length;
  }

  /**
   * Compresses the page straight into the row group's bytes after room for its header, then writes the header in
   * front (moving the page when its header came out shorter than guessed); false when the compressor could not, or
   * the sink has no room for zstd's worst case.
   */
  private pageInto(body: Uint8Array, header: (compressedSize: number) => PageHeader): boolean {
    const out = this.out;
    const guess = headerBytes(header(body.length)).length;
    const room = zstdRoom(body.length);
    // Only within the memory the sink has (16: a header longer than guessed moves the page up); else the page is
    // compressed aside and appended, which needs room for its actual size only.
    if (out.bytes.length - out.length < guess + room + 16) return false;
    const at = out.length;
    const n = this.into!(body, out.bytes, at + guess, room);
    if (n < 0) return false;
    const head = headerBytes(header(n));
    if (head.length !== guess) out.bytes.copyWithin(at + head.length, at + guess, at + guess + n);
    out.bytes.set(head, at);
    out.length = at + head.length + n;
    this.uncompressed += head.length + body.length;
    return true;
  }
}

/** A page header's Thrift bytes. */
function headerBytes(h: PageHeader): Uint8Array {
  const writer = new ByteWriter(64);
  writePageHeader(writer, h);
  return writer.getBytes();
}
