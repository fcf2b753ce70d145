/**
 * The online store in Redis (ioredis): one hash per view, `gq:online:<view>`, field = Code, value = the packed
 * vector (Float64 day, then the view's values); views' meta in the hash `gq:online:_meta`. Writes are pipelined;
 * a read of any codes and views is one pipeline of HMGETs (one round trip). Values travel as Buffers, never strings.
 */
import { Redis } from 'ioredis';
import { formatDay } from '../engine/dates.ts';
import type { OnlineLocation } from './config.ts';
import type { OnlineRead, OnlineRows, OnlineStore, OnlineViewMeta, Stale } from './online.ts';
import type { ViewDef } from './views.ts';

const PREFIX = 'gq:online:';
const META = `${PREFIX}_meta`;
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
    const fail = (e: unknown): Error => new Error(`online store ${where}: ${(e as Error).message}`);
    const meta = async (): Promise<Record<string, OnlineViewMeta>> => {
      const h = await client.hgetall(META).catch((e: unknown) => { throw fail(e); });
      return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, JSON.parse(v) as OnlineViewMeta]));
    };
    return {
      where,
      async write(view: ViewDef, rows: OnlineRows, stale: Stale): Promise<number> {
        const key = PREFIX + view.name;
        const w = view.features.length;
        // Existing days first (one round trip), so an older row never replaces a newer one.
        const old = await hmget(client, key, [...rows.codes, ...stale.codes]);
        const p = client.pipeline();
        let n = 0;
        let batch: (string | Buffer)[] = [];
        for (let i = 0; i < rows.codes.length; i++) {
          const prev = old[i];
          if (prev != null && prev.readDoubleLE(0) > rows.days[i]!) continue;
          const buf = Buffer.allocUnsafe((w + 1) * 8);
          buf.writeDoubleLE(rows.days[i]!, 0);
          Buffer.from(rows.values.buffer, rows.values.byteOffset + i * w * 8, w * 8).copy(buf, 8);
          batch.push(rows.codes[i]!, buf);
          n++;
          if (batch.length >= 2 * CHUNK) { p.hset(key, ...batch); batch = []; }
        }
        if (batch.length > 0) p.hset(key, ...batch);
        const gone = stale.codes.filter((_, i) => { const prev = old[rows.codes.length + i]; return prev != null && prev.readDoubleLE(0) <= stale.days[i]!; });
        for (let i = 0; i < gone.length; i += CHUNK) p.hdel(key, ...gone.slice(i, i + CHUNK));
        await exec(p).catch((e: unknown) => { throw fail(e); });
        const count = await client.hlen(key);
        const days = (await client.hvalsBuffer(key)).map((b) => b.readDoubleLE(0));
        const newest = days.reduce((m, d) => Math.max(m, d), -Infinity);
        const m: OnlineViewMeta = {
          features: view.features, availableAfter: view.availableAfter, ttlDays: view.ttlDays,
          materializedAt: new Date().toISOString(), newestDay: Number.isFinite(newest) ? formatDay(newest) : '', rows: count,
        };
        await client.hset(META, view.name, JSON.stringify(m));
        return n;
      },
      async read(views, codes) {
        const p = client.pipeline();
        p.hgetall(META);
        for (const v of views) for (let i = 0; i < codes.length; i += CHUNK) p.hmgetBuffer(PREFIX + v, ...codes.slice(i, i + CHUNK));
        const results = await exec(p).catch((e: unknown) => { throw fail(e); });
        const metaNow = results[0] as Record<string, string>;
        const out = new Map<string, OnlineRead>();
        let r = 1;
        for (const v of views) {
          const width = metaNow[v] === undefined ? 0 : (JSON.parse(metaNow[v]) as OnlineViewMeta).features.length;
          const days = new Int32Array(codes.length).fill(-1);
          const values = new Float64Array(codes.length * width).fill(Number.NaN);
          for (let i = 0; i < codes.length; i += CHUNK) {
            const bufs = results[r++] as (Buffer | null)[];
            for (let j = 0; j < bufs.length; j++) {
              const b = bufs[j];
              if (b == null) continue;
              days[i + j] = b.readDoubleLE(0);
              const f = new Float64Array(b.buffer.slice(b.byteOffset + 8, b.byteOffset + 8 + width * 8));
              values.set(f, (i + j) * width);
            }
          }
          out.set(v, { days, values, width });
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

async function hmget(client: Redis, key: string, fields: string[]): Promise<(Buffer | null)[]> {
  if (fields.length === 0) return [];
  const p = client.pipeline();
  for (let i = 0; i < fields.length; i += CHUNK) p.hmgetBuffer(key, ...fields.slice(i, i + CHUNK));
  return (await exec(p)).flat() as (Buffer | null)[];
}

/** Runs a pipeline; the first failed command's error is thrown. */
async function exec(p: ReturnType<Redis['pipeline']>): Promise<unknown[]> {
  const res = (await p.exec()) ?? [];
  const out: unknown[] = [];
  for (const [err, v] of res) {
    if (err) throw err;
    out.push(v);
  }
  return out;
}
