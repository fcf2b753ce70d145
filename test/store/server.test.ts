/**
 * The HTTP feature server on loopback: Feast's request and response shapes, a 400 naming an unknown view, feature
 * or code, bad bodies that never stop it, and with Redis: /health reports a stopped Redis, requests get a 503, and
 * a restarted Redis is served again without restarting gq.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../store/config.ts';
import { materialize } from '../../store/materialize.ts';
import { openOnline, type OnlineStore } from '../../store/online.ts';
import { startServer, type FeatureServer } from '../../store/server.ts';
import { HAVE_REDIS, sampleDataset, startRedis, tempDir } from './helpers.ts';

let dir: string;
let done: () => Promise<void>;
let dataset: string;

beforeAll(async () => {
  ({ dir, done } = await tempDir());
  dataset = await sampleDataset();
}, 120_000);
afterAll(() => done());

async function post(port: number, body: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(`http://127.0.0.1:${port}/get-online-features`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: r.status, json: await r.json() };
}

describe('the feature server (SQLite)', () => {
  let server: FeatureServer;
  let store: OnlineStore;
  beforeAll(async () => {
    const c = buildConfig(join(dir, 'sqlite', 'gq.store.json'), {});
    await materialize(c, { dataset });
    store = await openOnline(c.online, { reconnect: true });
    server = await startServer(store, { port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  it('answers Feast\'s request with Feast\'s response shape', async () => {
    const r = await post(server.port, { features: ['technical:rsi_14', 'bars:Close', 'volume:volume_ma_5'], entities: { Code: ['35060', '46090'] } });
    expect(r.status).toBe(200);
    expect(r.json.metadata.feature_names).toEqual(['Code', 'rsi_14', 'Close', 'volume_ma_5']);
    expect(r.json.results).toHaveLength(4);
    expect(r.json.results[0].values).toEqual(['35060', '46090']);
    for (const res of r.json.results.slice(1)) {
      expect(res.values).toHaveLength(2);
      expect(res.statuses.every((s: string) => s === 'PRESENT' || s === 'NULL_VALUE')).toBe(true);
      // the last day of the sample (2026-11-20) became known at 16:30 JST = 07:30 UTC
      expect(res.event_timestamps).toEqual(['2026-11-20T07:30:00Z', '2026-11-20T07:30:00Z']);
    }
    const local = await (await import('../../store/online-features.ts')).getOnlineFeatures(store, { codes: ['35060'], features: ['bars:Close'] });
    expect(r.json.results[2].values[0]).toBe(local.values[0]![0]);
  });

  it('accepts numeric codes as their text', async () => {
    const r = await post(server.port, { features: ['bars:Close'], entities: { Code: [35060] } });
    expect(r.status).toBe(200);
    expect(r.json.results[0].values).toEqual(['35060']);
  });

  it.each([
    [{ features: ['nope:rsi_14'], entities: { Code: ['35060'] } }, /unknown feature view "nope"/],
    [{ features: ['technical:nope'], entities: { Code: ['35060'] } }, /unknown feature "nope" in view "technical"/],
    [{ features: ['targets:target_1d'], entities: { Code: ['35060'] } }, /unknown feature view "targets"/],
    [{ features: ['target_5d'], entities: { Code: ['35060'] } }, /target_5d.*labels/],
    [{ features: ['bars:Close'], entities: { Code: ['1301'] } }, /unknown code "1301" \(not in the online store/],
    [{ features: ['bars:Close'], entities: { Code: ['72;DROP'] } }, /unknown code "72;DROP"/],
    [{ features: [], entities: { Code: ['35060'] } }, /features: give at least one/],
    [{ features: ['bars:Close'], entities: { Codes: ['35060'] } }, /entities\.Code/],
    [{ features: 'bars:Close', entities: { Code: ['35060'] } }, /features/],
    ['{"features": [', /not JSON/],
  ])('answers 400 naming what is wrong: %j', async (body, message) => {
    const r = await post(server.port, body);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(message);
  });

  it('keeps serving after bad requests, and reports health', async () => {
    const h = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(h.status).toBe(200);
    expect((await h.json()).status).toBe('ok');
    expect((await fetch(`http://127.0.0.1:${server.port}/nope`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/get-online-features`)).status).toBe(405);
    const r = await post(server.port, { features: ['bars:Close'], entities: { Code: ['35060'] } });
    expect(r.status).toBe(200);
  });
});

describe.runIf(HAVE_REDIS)('the feature server on Redis', () => {
  it('reports a stopped Redis on /health, answers 503, and recovers when Redis is back', async () => {
    const redis = await startRedis();
    const c = buildConfig(join(dir, 'redis', 'gq.store.json'), { online: `redis://127.0.0.1:${redis.port}/0` });
    const store = await openOnline(c.online, { reconnect: true });
    const server = await startServer(store, { port: 0 });
    try {
      await materialize(c, { dataset });
      const q = { features: ['bars:Close'], entities: { Code: ['35060'] } };
      const before = await post(server.port, q);
      expect(before.status).toBe(200);
      await redis.stop();
      const health = await fetch(`http://127.0.0.1:${server.port}/health`);
      expect(health.status).toBe(503);
      expect((await health.json()).online.error).toMatch(new RegExp(`redis://127\\.0\\.0\\.1:${redis.port}/0`));
      const during = await post(server.port, q);
      expect(during.status).toBe(503);
      expect(during.json.error).toMatch(/online store redis:/);
      await redis.start();
      await materialize(c, { dataset }); // a fresh Redis holds nothing until materialized again
      let after = { status: 0, json: undefined as any };
      for (let i = 0; i < 50 && after.status !== 200; i++) {
        after = await post(server.port, q);
        if (after.status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(after.status).toBe(200);
      expect(after.json.results[1].values).toEqual(before.json.results[1].values);
      expect((await fetch(`http://127.0.0.1:${server.port}/health`)).status).toBe(200);
    } finally {
      await server.close();
      await store.close();
      await redis.stop();
    }
  });
});
