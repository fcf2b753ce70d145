/**
 * The raw cache on disk. Layout: `<dir>/<endpoint>/<series>_<from>[_<to>].json`, one file per piece, each
 * written atomically (temp file + fsync + rename, io/atomic.ts); and `<dir>/manifest.ndjson`, an append-only
 * list of pieces (one JSON line each, plus `{"del": key}` lines). A piece is listed only after its file is in
 * place, so a run killed at any point leaves a consistent cache: a torn last line is ignored, and a file that
 * is not listed is simply fetched again. The cache holds records and queries only, never headers or the key.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDay } from '../../../engine/dates.ts';
import { writeFileAtomic } from '../../atomic.ts';
import { ENDPOINTS, type EndpointName } from '../endpoints.ts';
import { JQuantsError } from '../errors.ts';
import type { NewPiece, RawCache } from './cache.ts';
import { pieceKey, type Piece } from './piece.ts';
import { PieceIndex } from './piece-index.ts';
import { decodePieceColumns, encodePieceColumns, type ViewState } from './piece-columns.ts';
import { fileReader } from './file-reader.ts';
import { assembleColumnsOnThread } from './columns-thread.ts';
import { readRecordColumnsOnThread } from './records-thread.ts';
import { decodePieceRecords, encodePieceRecords } from './piece-records.ts';
import { project } from './project.ts';
import type { RawBars } from '../../../engine/raw-bars.ts';

const MANIFEST = 'manifest.ndjson';
const VERSION = 1;

type Header = { gqRawCache: number; origin: string };

/** Opens (creating if needed) the raw cache in `dir` for data from `origin` (the API base URL). */
export async function openDiskCache(dir: string, origin: string): Promise<RawCache> {
  mkdirSync(dir, { recursive: true });
  const manifestPath = join(dir, MANIFEST);
  const index = new PieceIndex();
  let lines = 0;
  let text = '';
  try {
    text = readFileSync(manifestPath, 'utf8');
  } catch {
    // no manifest yet: a new cache
  }
  const present = listFiles(dir);
  if (text !== '') {
    const rows = text.split('\n');
    checkHeader(rows[0]!, origin, manifestPath);
    for (let i = 1; i < rows.length; i++) {
      const row = rows[i]!;
      if (row === '') continue;
      let entry: Piece | { del: string };
      try {
        entry = JSON.parse(row) as Piece | { del: string };
      } catch {
        continue; // a line torn by a kill mid-append
      }
      lines++;
      if ('del' in entry) index.remove(entry.del);
      else if (present.has(entry.file)) index.add(entry);
    }
  }
  const handle = await open(manifestPath, 'a');
  if (text === '') await handle.write(`${JSON.stringify({ gqRawCache: VERSION, origin: originOf(origin) })}\n`);
  let chain: Promise<unknown> = Promise.resolve();
  const append = (obj: object): Promise<void> => {
    const next = chain.then(() => handle.write(`${JSON.stringify(obj)}\n`));
    chain = next.catch(() => undefined);
    return next.then(() => undefined);
  };

  // Pieces are read synchronously into one reused buffer: a warm cache is in the page cache, and fresh memory per
  // file costs more than the read itself. Nothing else runs while a cached piece is assembled.
  const reader = fileReader();
  const viewState: ViewState = {};

  return {
    pieces: (e: EndpointName, s: string) => index.pieces(e, s),
    series: (e: EndpointName) => index.series(e),
    async read(p: Piece, fields?: readonly string[]): Promise<Record<string, unknown>[]> {
      const path = join(dir, p.file);
      const sidecar = `${path}.recs`;
      try {
        const recs = decodePieceRecords(reader.bytes(sidecar), p.fetchedAt, fields);
        if (recs !== null) return recs;
      } catch {
        // no sidecar (an ASCII piece has none), or an unreadable one: the JSON piece is read instead
      }
      let data: Record<string, unknown>[];
      let ascii: boolean;
      try {
        const t = reader.text(path);
        ascii = t.ascii;
        data = (JSON.parse(t.text) as { data: Record<string, unknown>[] }).data;
      } catch (err) {
        throw new JQuantsError('cache', `cannot read cached piece ${path}: ${(err as Error).message}. Delete the file and run again.`, { cause: err });
      }
      // Text that is not ASCII is slow to decode (two bytes a character): the next read takes the sidecar instead.
      const bytes = ascii ? null : encodePieceRecords(data, p.fetchedAt);
      if (bytes !== null) await writeFileAtomic(sidecar, bytes).catch(() => undefined); // derived data: losing it costs a parse
      return fields === undefined ? data : project(data, fields);
    },
    async readColumns(p: Piece): Promise<RawBars | null> {
      try {
        return decodePieceColumns(new Uint8Array(reader.bytes(join(dir, `${p.file}.cols`))), p.fetchedAt);
      } catch {
        return null; // no sidecar yet: the JSON piece is read instead
      }
    },
    async useColumns(p: Piece, use: (raw: RawBars) => void): Promise<boolean> {
      let raw: RawBars | null;
      try {
        raw = decodePieceColumns(reader.bytes(join(dir, `${p.file}.cols`)), p.fetchedAt, viewState);
      } catch {
        raw = null; // no sidecar yet: the JSON piece is read instead
      }
      if (raw !== null) use(raw);
      return raw !== null;
    },
    async assembleColumns(parts, from, to, expect) {
      return assembleColumnsOnThread({ parts: parts.map(({ piece, days }) => ({ file: join(dir, piece.file), fetchedAt: piece.fetchedAt, days })), from, to, expect });
    },
    async readRecordColumns(pieces, fields) {
      return readRecordColumnsOnThread({ parts: pieces.map((p) => ({ file: join(dir, p.file), fetchedAt: p.fetchedAt })), fields: [...fields] });
    },
    async writeColumns(p: Piece, raw: RawBars): Promise<void> {
      await writeFileAtomic(join(dir, `${p.file}.cols`), encodePieceColumns(raw, p.fetchedAt));
    },
    async write(meta: NewPiece, records: readonly Record<string, unknown>[], query: string): Promise<Piece> {
      const key = pieceKey(meta.endpoint, meta.series, meta.from, meta.to);
      const file = fileOf(meta);
      mkdirSync(join(dir, meta.endpoint), { recursive: true });
      const body = `{"endpoint":${JSON.stringify(ENDPOINTS[meta.endpoint].path)},"query":${JSON.stringify(query)},`
        + `"fetchedAt":${JSON.stringify(new Date(meta.fetchedAt).toISOString())},"data":${JSON.stringify(records)}}`;
      await writeFileAtomic(join(dir, file), body);
      const p: Piece = { ...meta, key, file, rows: records.length };
      const dropped = index.add(p);
      await append(p);
      lines++;
      for (const old of dropped) {
        await append({ del: old.key });
        lines++;
        await unlink(join(dir, old.file)).catch(() => undefined);
        await unlink(join(dir, `${old.file}.cols`)).catch(() => undefined);
        await unlink(join(dir, `${old.file}.recs`)).catch(() => undefined);
      }
      return p;
    },
    async close(): Promise<void> {
      await chain;
      await handle.close();
      if (lines > 2 * index.size + 64) await compact(manifestPath, origin, index);
    },
  };
}

/** `<endpoint>/<series>_<from>[_<to>].json`; `*` (every code) is spelled `all`. */
function fileOf(m: NewPiece): string {
  const series = m.series === '*' ? 'all' : m.series.replace(/[^0-9A-Za-z-]/g, '_');
  const range = m.from === m.to ? formatDay(m.from) : `${formatDay(m.from)}_${formatDay(m.to)}`;
  return `${m.endpoint}/${series}_${range}.json`;
}

/** Relative paths of the piece files on disk; also removes temp files left by a killed run (older than 10 minutes). */
function listFiles(dir: string): Set<string> {
  const out = new Set<string>();
  const now = Date.now();
  for (const e of Object.keys(ENDPOINTS)) {
    let names: string[];
    try {
      names = readdirSync(join(dir, e));
    } catch {
      continue;
    }
    for (const n of names) {
      if (n.endsWith('.tmp')) {
        const path = join(dir, e, n);
        try {
          if (now - statSync(path).mtimeMs > 600_000) unlinkSync(path);
        } catch {
          // another process got there first
        }
      } else out.add(`${e}/${n}`);
    }
  }
  return out;
}

function checkHeader(line: string, origin: string, path: string): void {
  let h: Header;
  try {
    h = JSON.parse(line) as Header;
  } catch {
    throw new JQuantsError('cache', `${path} does not start with a gq raw-cache header; is this folder a gq cache?`);
  }
  if (h.gqRawCache !== VERSION) throw new JQuantsError('cache', `${path} is raw-cache version ${h.gqRawCache}; this gq reads version ${VERSION}. Use a new cache folder.`);
  if (h.origin !== originOf(origin)) {
    throw new JQuantsError('cache', `${path} holds data from ${h.origin}, but the client fetches from ${originOf(origin)}. `
      + 'Use a separate cache folder per API (e.g. one for the stand-in, one for the real API).');
  }
}

/** The origin recorded in the header; any loopback stand-in counts as one origin whatever its port. */
function originOf(baseUrl: string): string {
  const u = new URL(baseUrl);
  if (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]') return `${u.protocol}//loopback`;
  return `${u.protocol}//${u.host}`;
}

async function compact(path: string, origin: string, index: PieceIndex): Promise<void> {
  const rows = [JSON.stringify({ gqRawCache: VERSION, origin: originOf(origin) })];
  for (const p of index.all()) rows.push(JSON.stringify(p));
  await writeFileAtomic(path, `${rows.join('\n')}\n`);
}

