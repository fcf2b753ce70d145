/** Where the queue lives: a `redis://[:password@]host:port[/db]` URL as ioredis options, and the names gq uses in it. */
import { GqError } from '../../pipeline/errors.ts';

export type RedisOptions = { host: string; port: number; db: number; password?: string; username?: string; maxRetriesPerRequest: null };

/** Key prefix of everything gq keeps in Redis. */
export const PREFIX = 'gq';
/** The queue of runs (daemons add, workers take). */
export const RUNS_QUEUE = 'runs';
/** The queue the schedules' job schedulers put their ticks in (daemons take). */
export const TICKS_QUEUE = 'ticks';
/** Pub/sub channel: a job id whose run should stop. */
export const CANCEL_CHANNEL = `${PREFIX}:cancel`;

/** The ioredis options of a `redis://` URL (maxRetriesPerRequest null, as BullMQ workers need). */
export function redisOptions(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new GqError('BAD_OPTION', `--queue ${url} is not a URL; expected redis://HOST:PORT`);
  }
  if (u.protocol !== 'redis:') throw new GqError('BAD_OPTION', `--queue ${url}: expected a redis:// URL, e.g. redis://127.0.0.1:6379`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new GqError('BAD_OPTION', `--queue ${url}: the database number "${u.pathname.slice(1)}" is not an integer`);
  return {
    host: u.hostname || '127.0.0.1', port: u.port === '' ? 6379 : Number(u.port), db, maxRetriesPerRequest: null,
    ...(u.password !== '' ? { password: decodeURIComponent(u.password) } : {}), ...(u.username !== '' ? { username: decodeURIComponent(u.username) } : {}),
  };
}

/** The URL without its password, for logs and the status page. */
export function describeQueue(url: string): string {
  const o = redisOptions(url);
  return `redis://${o.host}:${o.port}${o.db === 0 ? '' : `/${o.db}`}`;
}

/** Throws a one-line error when no Redis answers at `url` within `ms` (before any queue object starts reconnecting). */
export async function pingRedis(url: string, ms = 5_000): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis({ ...redisOptions(url), lazyConnect: true, connectTimeout: ms, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new GqError('BAD_OPTION', `--queue ${describeQueue(url)}: no Redis answers there (${(e as Error).message})`);
  } finally {
    client.disconnect();
  }
}
