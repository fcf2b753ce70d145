/**
 * The online store in Redis (ioredis): one hash per view, `gq:online:<view>`, field = Code, value = the packed
 * vector (Float64 day, then the view's values); each view also packed whole under `gq:online:<view>:_packed`
 * (packed-view.ts), and the views' meta in the hash `gq:online:_meta`. Writes are pipelined; a read of a few codes is
 * one pipeline of HMGETs (one round trip), a read of many takes the packed views, fetched again only after a
 * rewrite. Values travel as Buffers, never strings.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { OnlineLocation } from './config.ts';
import type { OnlineRead, OnlineStore, OnlineViewMeta, ViewWrite } from './online.ts';
import { newest } from './online-sqlite.ts';
import { PACKED_READ_CODES, packView, unpackView, type PackedView } from './packed-view.ts';

const PREFIX = 'gq:online:';
const META = `${PREFIX}_meta`;
const PACKED = ':_packed';

type Pipeline = ReturnType<Redis['pipeline']>;
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
    return {
      where,
      async write(batch: readonly ViewWrite[]): Promise<Record<string, number>> {
        // Existing days first (one round trip), so an older row never replaces a newer one.
        const olds = await exec(batch.reduce((p, { view, rows, stale }) => hmgetInto(p, PREFIX + view.name, [...rows.codes, ...stale.codes]), client.pipeline()))
          .catch((e: unknown) => { throw fail(e); });
        let at = 0;
        const p = client.pipeline();
        const written: Record<string, number> = {};
        for (const { view, rows, stale } of batch) {
          const key = PREFIX + view.name;
          const w = view.features.length;
          const fields = rows.codes.length + stale.codes.length;
          const old = olds.slice(at, at + Math.ceil(fields / CHUNK)).flat() as (Buffer | null)[];
          at += Math.ceil(fields / CHUNK);
          let n = 0;
          let args: (string | Buffer)[] = [];
          for (let i = 0; i < rows.codes.length; i++) {
            const prev = old[i];
            if (prev != null && prev.readDoubleLE(0) > rows.days[i]!) continue;
            const buf = Buffer.allocUnsafe((w + 1) * 8);
            buf.writeDoubleLE(rows.days[i]!, 0);
            Buffer.from(rows.values.buffer, rows.values.byteOffset + i * w * 8, w * 8).copy(buf, 8);
            args.push(rows.codes[i]!, buf);
            n++;
            if (args.length >= 2 * CHUNK) { p.hset(key, ...args); args = []; }
          }
          if (args.length > 0) p.hset(key, ...args);
          const gone = stale.codes.filter((_, i) => { const prev = old[rows.codes.length + i]; return prev != null && prev.readDoubleLE(0) <= stale.days[i]!; });
          for (let i = 0; i < gone.length; i += CHUNK) p.hdel(key, ...gone.slice(i, i + CHUNK));
          p.hgetallBuffer(key);
          written[view.name] = n;
        }
        const res = await exec(p).catch((e: unknown) => { throw fail(e); });
        // The last reply per view is the whole view after the update: pack it, and record the meta.
        const hashes = res.filter((r) => r !== null && typeof r === 'object' && !Array.isArray(r)) as Record<string, Buffer>[];
        const q = client.pipeline();
        batch.forEach(({ view }, k) => {
          const packed = packHash(hashes[k]!, view.features.length);
          q.set(PREFIX + view.name + PACKED, Buffer.from(packView(packed)));
          const m: OnlineViewMeta = {
            features: view.features, availableAfter: view.availableAfter, ttlDays: view.ttlDays,
            materializedAt: packed.version.slice(0, 24), version: packed.version, newestDay: newest(packed.days), rows: packed.codes.length,
          };
          q.hset(META, view.name, JSON.stringify(m));
        });
        await exec(q).catch((e: unknown) => { throw fail(e); });
        return written;
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

/** Adds HMGETs of `fields` (in chunks) to a pipeline. */
function hmgetInto(p: Pipeline, key: string, fields: readonly string[]): Pipeline {
  for (let i = 0; i < fields.length; i += CHUNK) p.hmgetBuffer(key, ...fields.slice(i, i + CHUNK));
  return p;
}

/** A view's hash (code -> day and vector) packed in code order. */
function packHash(h: Record<string, Buffer>, width: number): PackedView {
  const codes = Object.keys(h).sort();
  const days = new Int32Array(codes.length);
  const values = new Float64Array(codes.length * width);
  codes.forEach((c, k) => {
    const b = h[c]!;
    days[k] = b.readDoubleLE(0);
    for (let f = 0; f < width; f++) values[k * width + f] = b.readDoubleLE(8 + f * 8);
  });
  return { codes, days, values, width, version: `${new Date().toISOString()}#${randomBytes(6).toString('hex')}` };
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
