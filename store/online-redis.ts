/**
 * The online store in Redis (ioredis): one hash per view, `gq:online:<view>`, field = Code, value = the packed
 * vector (Float64 day, then the view's values); each view also packed whole under `gq:online:<view>:_packed`
 * (packed-view.ts), the views' meta in the hash `gq:online:_meta`, and `gq:online:_version`, a unique text set by
 * every write. A write reads the packed views (one round trip), merges in memory (merge-view.ts) and writes the
 * changed rows, the packed views, the meta and the version in one MULTI (WATCHed on the version). A read of a few
 * codes is one pipeline of HMGETs (one round trip), a read of many takes the packed views, fetched again only after
 * a rewrite. Values travel as Buffers, never strings.
 */
import { Command, Redis } from 'ioredis';
import type { OnlineLocation } from './config.ts';
import type { OnlineRead, OnlineStore, OnlineViewMeta, ViewWrite } from './online.ts';
import { mergeView, newVersion } from './merge-view.ts';
import { newest } from './online-sqlite.ts';
import { PACKED_READ_CODES, packView, unpackView, type PackedView } from './packed-view.ts';

const PREFIX = 'gq:online:';
const META = `${PREFIX}_meta`;
const PACKED = ':_packed';
/** Set to a new unique text by every materialization (with the views, in one MULTI): a server's cheap check. */
const VERSION = `${PREFIX}_version`;

type Pipeline = ReturnType<Redis['pipeline']>;
/** A pipeline or MULTI as what it is underneath (ioredis's Pipeline): it queues a Command as it is. */
type Queue = { sendCommand(command: Command): unknown };
/** Fields per HSET/HMGET command. */
const CHUNK = 1000;

/** Connects to the Redis online store; without `reconnect` a server that does not answer is one clear error. */
export async function openRedis(loc: Extract<OnlineLocation, { kind: 'redis' }>, reconnect: boolean): Promise<OnlineStore> {
  const where = `redis://${loc.host}:${loc.port}/${loc.db}`;
  let lastError = '';
  const client = new Redis({
    host: loc.host, port: loc.port, db: loc.db, lazyConnect: true,
    // Fail commands at once while disconnected (the server answers 503 and /health says why) instead of queueing them.
    enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000,
    retryStrategy: (times) => (reconnect ? Math.min(50 * 2 ** Math.min(times, 5), 1000) : null),
  });
  client.on('error', (e: Error) => { lastError = e.message; });
  try {
    await client.connect();
  } catch (e) {
    // A server keeps trying (its /health says why meanwhile); a one-shot command fails with one line.
    if (reconnect) return store();
    client.disconnect();
    throw new Error(`online store ${where} does not answer (${lastError || (e as Error).message}); start Redis there or change "online" in the store config`);
  }
  return store();

  function store(): OnlineStore {
    const packed = new Map<string, PackedView>();
    const fail = (e: unknown): Error => new Error(`online store ${where}: ${(e as Error).message}`);
    const meta = async (): Promise<Record<string, OnlineViewMeta>> => {
      const h = await client.hgetall(META).catch((e: unknown) => { throw fail(e); });
      return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, JSON.parse(v) as OnlineViewMeta]));
    };
    /** The views as stored, packed (rebuilt from the hash in a store written before the packed views existed). */
    const storedViews = async (names: readonly string[]): Promise<(PackedView | undefined)[]> => {
      // WATCH goes in the same round trip as the reads, ahead of them.
      const blobs = (await exec(names.reduce((p, v) => p.getBuffer(PREFIX + v + PACKED).hlen(PREFIX + v), client.pipeline().watch(VERSION)))).slice(1);
      return Promise.all(names.map(async (v, k) => {
        const blob = blobs[2 * k] as Buffer | null;
        if (blob !== null) return unpackView(blob);
        if ((blobs[2 * k + 1] as number) === 0) return undefined;
        return packHash(await client.hgetallBuffer(PREFIX + v) as unknown as Record<string, Buffer>);
      }));
    };
    return {
      where,
      async write(batch: readonly ViewWrite[]): Promise<Record<string, number>> {
        // Read the views as stored (packed), merge in memory, then write only the changed rows, the packed views, the
        // meta and the version in one MULTI; WATCH on the version retries if another writer got in between.
        for (let attempt = 0; ; attempt++) {
          const olds = await storedViews(batch.map((b) => b.view.name)).catch((e: unknown) => { throw fail(e); });
          const m = client.multi();
          const written: Record<string, number> = {};
          const version = newVersion();
          batch.forEach(({ view, rows, stale }, k) => {
            const key = PREFIX + view.name;
            const w = view.features.length;
            const merged = mergeView(olds[k], rows, stale, w, version);
            // Each HSET of up to CHUNK rows (field Code, value its day then its vector) is made as its bytes at once.
            for (let j = 0; j < merged.written.length; j += CHUNK) (m as unknown as Queue).sendCommand(hsetRows(key, rows, w, merged.written.slice(j, j + CHUNK)));
            for (let i = 0; i < merged.removed.length; i += CHUNK) m.hdel(key, ...merged.removed.slice(i, i + CHUNK));
            const blob = packView(merged.packed);
            m.set(key + PACKED, Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength));
            const meta: OnlineViewMeta = {
              features: view.features, availableAfter: view.availableAfter, ttlDays: view.ttlDays,
              materializedAt: version.slice(0, 24), version, newestDay: newest(merged.packed.days), rows: merged.packed.codes.length,
            };
            m.hset(META, view.name, JSON.stringify(meta));
            written[view.name] = merged.written.length;
          });
          m.set(VERSION, version);
          const res = await m.exec().catch((e: unknown) => { throw fail(e); });
          if (res !== null) {
            for (const [err] of res) if (err) throw fail(err);
            return written;
          }
          if (attempt >= 5) throw fail(new Error('another writer kept changing the store; materialize again'));
        }
      },
      async read(views, codes) {
        const p = client.pipeline();
        p.hgetall(META);
        const many = codes.length >= PACKED_READ_CODES;
        if (!many) for (const v of views) hmgetInto(p, PREFIX + v, codes);
        const results = await exec(p).catch((e: unknown) => { throw fail(e); });
        const metaNow = results[0] as Record<string, string>;
        const metaOf = (v: string): OnlineViewMeta | undefined => (metaNow[v] === undefined ? undefined : JSON.parse(metaNow[v]) as OnlineViewMeta);
        const out = new Map<string, OnlineRead>();
        const index = new Map(codes.map((c, i) => [c, i]));
        if (many) {
          // The packed views, fetched again only when one was rewritten since the last read (a second round trip then).
          const stale = views.filter((v) => metaOf(v) !== undefined && packed.get(v)?.version !== metaOf(v)!.version);
          if (stale.length > 0) {
            const blobs = await exec(stale.reduce((q, v) => q.getBuffer(PREFIX + v + PACKED), client.pipeline())).catch((e: unknown) => { throw fail(e); });
            stale.forEach((v, k) => { const b = blobs[k] as Buffer | null; if (b !== null) packed.set(v, unpackView(b)); });
          }
        }
        let r = 1;
        for (const v of views) {
          const width = metaOf(v)?.features.length ?? 0;
          const days = new Int32Array(codes.length).fill(-1);
          const values = new Float64Array(codes.length * width).fill(Number.NaN);
          const o: OnlineRead = { days, values, width };
          out.set(v, o);
          if (many) {
            const pk = packed.get(v);
            if (pk === undefined || metaOf(v) === undefined) continue;
            o.version = pk.version;
            for (let k = 0; k < pk.codes.length; k++) {
              const i = index.get(pk.codes[k]!);
              if (i === undefined) continue;
              days[i] = pk.days[k]!;
              values.set(pk.values.subarray(k * pk.width, k * pk.width + width), i * width);
            }
            continue;
          }
          for (let i = 0; i < codes.length; i += CHUNK) {
            const bufs = results[r++] as (Buffer | null)[];
            for (let j = 0; j < bufs.length; j++) {
              const b = bufs[j];
              if (b == null) continue;
              days[i + j] = b.readDoubleLE(0);
              values.set(new Float64Array(b.buffer.slice(b.byteOffset + 8, b.byteOffset + 8 + width * 8)), (i + j) * width);
            }
          }
        }
        return out;
      },
      meta,
      async version() {
        const v = await client.get(VERSION).catch((e: unknown) => { throw fail(e); });
        return v ?? 'none';
      },
      async snapshot() {
        // One MULTI reads the version, the meta and the packed views named by the last meta seen (again if it names others).
        let names = [...packed.keys()];
        for (let attempt = 0; ; attempt++) {
          const m = client.multi().get(VERSION).hgetall(META);
          for (const v of names) m.getBuffer(PREFIX + v + PACKED);
          const res = await m.exec().catch((e: unknown) => { throw fail(e); });
          const vals = (res ?? []).map(([err, x]) => { if (err) throw fail(err); return x; });
          const version = (vals[0] as string | null) ?? 'none';
          const metaNow = Object.fromEntries(Object.entries(vals[1] as Record<string, string>).map(([k, x]) => [k, JSON.parse(x) as OnlineViewMeta]));
          const want = Object.keys(metaNow);
          if (want.some((v) => !names.includes(v)) && attempt < 3) { names = want; continue; }
          const out = new Map<string, PackedView>();
          for (const v of want) {
            const b = names.includes(v) ? vals[2 + names.indexOf(v)] as Buffer | null : null;
            const pk = b != null ? unpackView(b) : packHash(await client.hgetallBuffer(PREFIX + v).catch((e: unknown) => { throw fail(e); }) as unknown as Record<string, Buffer>);
            out.set(v, pk);
            packed.set(v, pk);
          }
          return { version, meta: metaNow, packed: out };
        }
      },
      async health() {
        if (client.status !== 'ready') return { ok: false, error: `${where} is ${client.status}${lastError === '' ? '' : ` (${lastError})`}` };
        try {
          await client.ping();
          return { ok: true };
        } catch (e) {
          return { ok: false, error: `${where}: ${(e as Error).message}` };
        }
      },
      async close() {
        client.disconnect();
      },
    };
  }
}

/**
 * `HSET key code value ...` for rows `picked` of `rows` (value: the row's day, then its `width` values, as Float64
 * little-endian), written as the command's RESP bytes in one buffer: ioredis would join four pieces per field.
 */
function hsetRows(key: string, rows: ViewWrite['rows'], width: number, picked: readonly number[]): Command {
  const valueBytes = (width + 1) * 8;
  const head = `*${2 + 2 * picked.length}\r\n$4\r\nHSET\r\n$${Buffer.byteLength(key)}\r\n${key}\r\n`;
  const valueHead = `$${valueBytes}\r\n`;
  let size = Buffer.byteLength(head);
  for (const i of picked) {
    const n = Buffer.byteLength(rows.codes[i]!);
    size += `$${n}\r\n`.length + n + 2 + valueHead.length + valueBytes + 2;
  }
  const out = Buffer.allocUnsafe(size);
  let at = out.write(head, 0, 'utf8');
  const value = new Float64Array(width + 1);
  const valueAsBytes = new Uint8Array(value.buffer);
  for (const i of picked) {
    const code = rows.codes[i]!;
    at += out.write(`$${Buffer.byteLength(code)}\r\n${code}\r\n${valueHead}`, at, 'utf8');
    value[0] = rows.days[i]!;
    for (let f = 0; f < width; f++) value[1 + f] = rows.values[i * width + f]!;
    out.set(valueAsBytes, at);
    at += valueBytes;
    out[at++] = 13;
    out[at++] = 10;
  }
  const command = new Command('hset', [key]);
  // ioredis writes what toWritable returns (its own Script overrides it the same way).
  command.toWritable = () => out;
  return command;
}

/** Adds HMGETs of `fields` (in chunks) to a pipeline. */
function hmgetInto(p: Pipeline, key: string, fields: readonly string[]): Pipeline {
  for (let i = 0; i < fields.length; i += CHUNK) p.hmgetBuffer(key, ...fields.slice(i, i + CHUNK));
  return p;
}

/** A view's hash (code -> day and vector) packed in code order. */
function packHash(h: Record<string, Buffer>): PackedView {
  const codes = Object.keys(h).sort();
  const width = codes.length === 0 ? 0 : h[codes[0]!]!.length / 8 - 1;
  const days = new Int32Array(codes.length);
  const values = new Float64Array(codes.length * width);
  codes.forEach((c, k) => {
    const b = h[c]!;
    days[k] = b.readDoubleLE(0);
    for (let f = 0; f < width; f++) values[k * width + f] = b.readDoubleLE(8 + f * 8);
  });
  return { codes, days, values, width, version: newVersion() };
}

/** Runs a pipeline; the first failed command's error is thrown. */
async function exec(p: Pipeline): Promise<unknown[]> {
  const res = (await p.exec()) ?? [];
  const out: unknown[] = [];
  for (const [err, v] of res) {
    if (err) throw err;
    out.push(v);
  }
  return out;
}
