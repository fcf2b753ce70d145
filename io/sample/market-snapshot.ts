/**
 * The sample market kept as a binary file (next to its raw cache), so that a run that needs the market again reads it
 * back instead of simulating it (~5 s for 4,000 codes x 1,100 days). The file is keyed by the market's options and by
 * a digest of the generator's source: a snapshot of other options or of other code is ignored, as is a torn one.
 * Reading it is lazy: the days, codes, listing spans, TOPIX and master come at once; each bars column is read from
 * the file the first time it is used, so a request that needs no prices (margin interest, say) reads none of them.
 * Layout: uint32 header length, the JSON header, padding to 8 bytes, then the arrays back to back, each 8-aligned.
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RawBars } from '../../engine/raw-bars.ts';
import type { MasterChange } from './master-history.ts';
import type { MasterRecord, SampleMarket, SampleOptions } from './market.ts';
import { sourceDigest } from './source-digest.ts';

type Kind = 'i32' | 'f64' | 'u8';
type Part = { name: string; kind: Kind; at: number; length: number };
type Header = {
  v: 1; key: string; rows: number; codes: string[]; master: MasterRecord[]; masterChanges: MasterChange[];
  parts: Part[]; size: number;
};

const BAR_COLUMNS = [
  'code', 'date', 'open', 'high', 'low', 'close', 'volume', 'turnover', 'adjFactor', 'upperLimit', 'lowerLimit',
  'adjOpen', 'adjHigh', 'adjLow', 'adjClose', 'adjVolume',
] as const;
const SMALL = ['days', 'offsets', 'firstDay', 'topix.date', 'topix.open', 'topix.high', 'topix.low', 'topix.close'] as const;

let digest: string | undefined;

/** What a snapshot of the market of `o` must be keyed by: its options and the generator's source. */
export function snapshotKey(o: SampleOptions): string {
  digest ??= sourceDigest(new URL('./market.ts', import.meta.url));
  return JSON.stringify({ codes: o.codes, days: o.days, seed: o.seed ?? 42, end: o.end ?? null, withAdjusted: o.withAdjusted ?? true, source: digest });
}

/** Writes the snapshot of market `m` (made with options `o`) to `path` atomically (temp file, fsync, rename). */
export function writeMarketSnapshot(path: string, m: SampleMarket, o: SampleOptions): void {
  stageMarketSnapshot(path, m, o).commit();
}

/** A snapshot written to its temp file: `commit()` syncs it and puts it in place (the market is no longer needed). */
export type StagedSnapshot = { commit(): void };

/**
 * Writes the snapshot of market `m` to the temp file of `path` without waiting for the disk, so that the market can
 * be handed on at once and the slow part (fsync) done after.
 */
export function stageMarketSnapshot(path: string, m: SampleMarket, o: SampleOptions): StagedSnapshot {
  const arrays: [string, Int32Array | Float64Array | Uint8Array][] = [
    ['days', m.days], ['offsets', m.offsets], ['firstDay', m.firstDay],
    ['topix.date', m.topix.date], ['topix.open', m.topix.open], ['topix.high', m.topix.high], ['topix.low', m.topix.low], ['topix.close', m.topix.close],
  ];
  for (const c of BAR_COLUMNS) { const a = m.bars[c]; if (a !== undefined) arrays.push([`bars.${c}`, a]); }
  const parts: Part[] = [];
  let at = 0;
  for (const [name, a] of arrays) {
    parts.push({ name, kind: a instanceof Int32Array ? 'i32' : a instanceof Float64Array ? 'f64' : 'u8', at, length: a.length });
    at = align8(at + a.byteLength);
  }
  const head = (size: number): Buffer => Buffer.from(JSON.stringify({
    v: 1, key: snapshotKey(o), rows: m.bars.rows, codes: m.bars.codes, master: m.master, masterChanges: m.masterChanges, parts, size,
  } satisfies Header));
  // The header states the file's size (so a torn file is seen), which depends on the header's own length.
  let size = 0;
  let bytes = head(0);
  for (;;) {
    const next = align8(4 + bytes.length) + at;
    if (next === size) break;
    size = next;
    bytes = head(size);
  }
  const temp = tempOf(path);
  rmSync(temp, { force: true });
  const fd = openSync(temp, 'wx');
  try {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(bytes.length);
    writeAll(fd, len, 0);
    writeAll(fd, bytes, 4);
    const start = align8(4 + bytes.length);
    for (let i = 0; i < arrays.length; i++) {
      const a = arrays[i]![1];
      writeAll(fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength), start + parts[i]!.at);
    }
    ftruncateSync(fd, size);
  } catch (err) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
  return {
    commit() {
      try {
        fsyncSync(fd);
      } catch (err) {
        closeSync(fd);
        rmSync(temp, { force: true });
        throw err;
      }
      closeSync(fd);
      renameSync(temp, path);
    },
  };
}

/** Removes what a writer of this process stopped mid-write (its thread terminated) left of a snapshot at `path`. */
export function removeSnapshotTemp(path: string): void {
  rmSync(tempOf(path), { force: true });
}

/** The temp file of this process's writes of a snapshot (one writer per process and path). */
function tempOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/**
 * The market of options `o` from the snapshot at `path`, or null when there is none, or it was made with other options
 * or by other code, or it is torn. Its bars columns are read from the file when first used.
 */
export function readMarketSnapshot(path: string, o: SampleOptions): SampleMarket | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const len = Buffer.alloc(4);
    if (size < 4 || readSync(fd, len, 0, 4, 0) !== 4) return null;
    const headLen = len.readUInt32LE(0);
    if (4 + headLen > size) return null;
    const headBytes = Buffer.alloc(headLen);
    if (readSync(fd, headBytes, 0, headLen, 4) !== headLen) return null;
    let h: Header;
    try {
      h = JSON.parse(headBytes.toString('utf8')) as Header;
    } catch {
      return null;
    }
    if (h.v !== 1 || h.key !== snapshotKey(o) || h.size !== size) return null;
    const start = align8(4 + headLen);
    const parts = new Map(h.parts.map((p) => [p.name, p]));
    if (SMALL.some((n) => !parts.has(n)) || BAR_COLUMNS.slice(0, 11).some((c) => !parts.has(`bars.${c}`))) return null;
    const small = (name: string): Int32Array | Float64Array | Uint8Array => readPart(fd, start, parts.get(name)!);
    const bars = { rows: h.rows, codes: h.codes } as RawBars;
    for (const c of BAR_COLUMNS) {
      const p = parts.get(`bars.${c}`);
      if (p !== undefined) lazyColumn(bars, c, path, headBytes, start, p);
    }
    return {
      days: small('days') as Int32Array, offsets: small('offsets') as Int32Array, firstDay: small('firstDay') as Int32Array,
      topix: {
        date: small('topix.date') as Int32Array, open: small('topix.open') as Float64Array, high: small('topix.high') as Float64Array,
        low: small('topix.low') as Float64Array, close: small('topix.close') as Float64Array,
      },
      bars, master: h.master, masterChanges: h.masterChanges,
    };
  } finally {
    closeSync(fd);
  }
}

/** Makes `bars[name]` read its column from the snapshot on first use (then it is a plain property). */
function lazyColumn(bars: RawBars, name: string, path: string, headBytes: Buffer, start: number, p: Part): void {
  Object.defineProperty(bars, name, {
    enumerable: true, configurable: true,
    get() {
      const fd = openSync(path, 'r');
      let a: Int32Array | Float64Array | Uint8Array;
      try {
        // The file may have been replaced since it was opened (another run of other code): its header must be the same.
        const again = Buffer.alloc(4 + headBytes.length);
        readSync(fd, again, 0, again.length, 0);
        if (again.readUInt32LE(0) !== headBytes.length || !again.subarray(4).equals(headBytes)) {
          throw new Error(`sample market snapshot ${path} was replaced while in use; run again`);
        }
        a = readPart(fd, start, p);
      } finally {
        closeSync(fd);
      }
      Object.defineProperty(bars, name, { value: a, enumerable: true, configurable: true, writable: true });
      return a;
    },
  });
}

function readPart(fd: number, start: number, p: Part): Int32Array | Float64Array | Uint8Array {
  const a = p.kind === 'i32' ? new Int32Array(p.length) : p.kind === 'f64' ? new Float64Array(p.length) : new Uint8Array(p.length);
  const view = new Uint8Array(a.buffer);
  let done = 0;
  while (done < view.length) {
    const n = readSync(fd, view, done, view.length - done, start + p.at + done);
    if (n === 0) throw new Error('sample market snapshot: the file ended early');
    done += n;
  }
  return a;
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

function align8(x: number): number {
  return (x + 7) & ~7;
}
