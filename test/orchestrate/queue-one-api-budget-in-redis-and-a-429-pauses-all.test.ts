import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisOptions } from '../../orchestrate/queue/connection.ts';
import { redisPacer, type RedisPacer } from '../../orchestrate/queue/redis-pacer.ts';
import { hasRedis, startRedis, type RedisServer } from './queue-redis.ts';

// Two pacers on two connections stand for two workers on two machines: 10 starts per 500 ms between them.
const LIMIT = 10;
const WINDOW_MS = 500;

describe.skipIf(!hasRedis())('the API budget in Redis (skipped only when redis-server is absent)', () => {
  let redis: RedisServer;
  let a: RedisPacer;
  let b: RedisPacer;
  beforeAll(async () => {
    redis = await startRedis();
    a = redisPacer(redisOptions(redis.url), LIMIT, WINDOW_MS, 'test');
    b = redisPacer(redisOptions(redis.url), LIMIT, WINDOW_MS, 'test');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it('keeps two workers together within the limit in every window', async () => {
    const starts: number[] = [];
    const t0 = performance.now();
    const burst = (p: RedisPacer) => Promise.all(Array.from({ length: 15 }, async () => { await p.take(); starts.push(performance.now()); }));
    await Promise.all([burst(a), burst(b)]);
    starts.sort((x, y) => x - y);
    let worst = 0;
    for (let i = 0, j = 0; i < starts.length; i++) {
      while (starts[i]! - starts[j]! >= WINDOW_MS) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(starts).toHaveLength(30);
    // Slots are one per 51 ms across both (by hand: 500 / 10 * 1.02), so 30 starts take at least 29 * 51 ms = 1479 ms;
    // two budgets of their own would be done in about half that (15 * 51 ms).
    expect(starts.at(-1)! - t0).toBeGreaterThanOrEqual(1479 - 20);
    // Counted where they wake up, on a loaded machine a late timer can push one start into the next window: +2 allowed.
    expect(worst).toBeLessThanOrEqual(LIMIT + 2);
  });

  it('pauses every worker when one of them sees a 429', async () => {
    const pausedAt = performance.now();
    a.pause(1500);
    await new Promise((r) => setTimeout(r, 50)); // the pause is a Redis write: let it land
    expect(await b.pausedFor()).toBeGreaterThan(1000);
    await b.take();
    // b's next start came after a's pause ended (10 ms of timer slack).
    expect(performance.now() - pausedAt).toBeGreaterThanOrEqual(1500 - 10);
    expect(await a.pausedFor()).toBe(0);
  });
});
