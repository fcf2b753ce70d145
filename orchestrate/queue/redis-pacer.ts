/**
 * One J-Quants request budget for every daemon and worker on a Redis: the pacer of io/jquants/pacer.ts (request
 * starts spread evenly, one every window/limit, 2% slack) with its two numbers, the next free slot and the end of a
 * 429 pause, kept in Redis and moved by one Lua script on Redis' own clock. So N workers on N machines together never
 * start more than the plan allows, and a 429 seen by any of them pauses all of them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { Pacer } from '../../io/jquants/pacer.ts';
import { PREFIX, type RedisOptions } from './connection.ts';

const SLACK = 1.02;

// KEYS: next slot, paused-until. ARGV: op (take | pause | peek), interval ms, pause ms. Returns ms to wait (take),
// ms left of the pause (peek), or 0 (pause).
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if ARGV[1] == 'pause' then
  local p = now + math.ceil(tonumber(ARGV[3]))
  if p > paused then redis.call('SET', KEYS[2], tostring(p), 'PX', math.ceil(tonumber(ARGV[3])) + 60000) end
  return 0
end
if ARGV[1] == 'peek' then return math.max(0, paused - now) end
local slot = math.max(now, nextAt, paused)
redis.call('SET', KEYS[1], tostring(math.ceil(slot + tonumber(ARGV[2]))), 'PX', 3600000)
return slot - now
`;

export type RedisPacer = Pacer & {
  /** Milliseconds left of a 429 pause seen by anyone (0 = none). */
  pausedFor(): Promise<number>;
  close(): Promise<void>;
  disconnect(): void;
};

/** The shared pacer of `limit` request starts per `windowMs` under `name` (one budget per API key). */
export function redisPacer(redis: RedisOptions, limit: number, windowMs: number, name = 'jquants', onError: (e: Error) => void = () => {}): RedisPacer {
  const client = new Redis({ ...redis, maxRetriesPerRequest: 3, lazyConnect: false });
  let lastError = 0;
  client.on('error', (e: Error) => { if (Date.now() - lastError > 60_000) { lastError = Date.now(); onError(e); } });
  const keys = [`${PREFIX}:budget:${name}:next`, `${PREFIX}:budget:${name}:paused`];
  const interval = (windowMs / limit) * SLACK;
  const call = async (op: string, ms = 0): Promise<number> => Number(await client.eval(SCRIPT, 2, ...keys, op, String(interval), String(ms)));
  return {
    async take(signal) {
      // A pause that arrives while we wait for our slot moves us behind it: take a new slot after it.
      for (;;) {
        signal?.throwIfAborted();
        const wait = await call('take');
        if (wait > 0) await sleep(wait, undefined, { signal });
        if ((await call('peek')) === 0) return;
      }
    },
    pause(ms) {
      call('pause', ms).catch((e: unknown) => onError(e as Error));
    },
    pausedFor: () => call('peek'),
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
    disconnect: () => client.disconnect(),
  };
}
