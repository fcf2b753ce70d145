/**
 * The feature server reads a body in JSON.stringify's form with a feature list it validated before without parsing
 * it again: such a body means what the parse would make of it, any other body is parsed, and the answer's bytes are
 * the same either way.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../store/config.ts';
import { materialize } from '../../store/materialize.ts';
import { openOnline, type OnlineStore } from '../../store/online.ts';
import { plainRequest, startServer, type FeatureServer } from '../../store/server.ts';
import { sampleDataset, tempDir } from './helpers.ts';

const features = ['technical:rsi_14', 'bars:Close'];
const lists = new Map([[JSON.stringify(features), features]]);

describe('a plain request body', () => {
  it('gives the features and codes of a body in JSON.stringify\'s form with a known feature list', () => {
    expect(plainRequest(JSON.stringify({ features, entities: { Code: ['7203'] } }), lists)).toEqual({ features, codes: ['7203'] });
    expect(plainRequest(JSON.stringify({ features, entities: { Code: ['7203', '130A0', '9984'] } }), lists)).toEqual({ features, codes: ['7203', '130A0', '9984'] });
  });

  it.each([
    ['another feature list', JSON.stringify({ features: ['bars:Close'], entities: { Code: ['7203'] } })],
    ['spaces', `{"features": ${JSON.stringify(features)}, "entities": {"Code": ["7203"]}}`],
    ['keys in another order', JSON.stringify({ entities: { Code: ['7203'] }, features })],
    ['no codes', JSON.stringify({ features, entities: { Code: [] } })],
    ['a numeric code', JSON.stringify({ features, entities: { Code: [7203] } })],
    ['an invalid code', JSON.stringify({ features, entities: { Code: ['72;DROP'] } })],
    ['an escaped code', `{"features":${JSON.stringify(features)},"entities":{"Code":["720\\u0033"]}}`],
    ['a code with a quote', `{"features":${JSON.stringify(features)},"entities":{"Code":["7203"","9984"]}}`],
    ['a trailing comma', `{"features":${JSON.stringify(features)},"entities":{"Code":["7203",]}}`],
    ['another key', `{"features":${JSON.stringify(features)},"entities":{"Code":["7203"]},"x":1}`],
    ['text after the body', `{"features":${JSON.stringify(features)},"entities":{"Code":["7203"]}} `],
  ])('leaves a body with %s to the parser', (_, body) => {
    expect(plainRequest(body, lists)).toBeUndefined();
  });
});

describe('the server on plain and parsed bodies', () => {
  let dir: string;
  let done: () => Promise<void>;
  let server: FeatureServer;
  let store: OnlineStore;
  beforeAll(async () => {
    ({ dir, done } = await tempDir());
    const c = buildConfig(join(dir, 'gq.store.json'), {});
    await materialize(c, { dataset: await sampleDataset() });
    store = await openOnline(c.online, { reconnect: true });
    server = await startServer(store, { port: 0 });
  }, 120_000);
  afterAll(async () => {
    await server.close();
    await store.close();
    await done();
  });

  const post = async (body: string): Promise<{ status: number; bytes: Buffer }> => {
    const r = await fetch(`http://127.0.0.1:${server.port}/get-online-features`, { method: 'POST', body });
    return { status: r.status, bytes: Buffer.from(await r.arrayBuffer()) };
  };

  it('answers a body read without a parse with the bytes of the parsed one', async () => {
    const spaced = (codes: string[]): string => `{ "features": ${JSON.stringify(features)}, "entities": { "Code": ${JSON.stringify(codes)} } }`;
    for (const codes of [['35060'], ['35060', '46090'], ['46090']]) {
      const parsed = await post(spaced(codes)); // parsed (spaces): also makes the feature list known
      const plain = await post(JSON.stringify({ features, entities: { Code: codes } }));
      expect(parsed.status).toBe(200);
      expect(plain.status).toBe(200);
      expect(plain.bytes.equals(parsed.bytes)).toBe(true);
      expect(JSON.parse(plain.bytes.toString()).results[0].values).toEqual(codes);
    }
  });

  it('answers 400 naming an unknown code or feature of a plain body', async () => {
    const code = await post(JSON.stringify({ features, entities: { Code: ['35060', '1301'] } }));
    expect(code.status).toBe(400);
    expect(JSON.parse(code.bytes.toString()).error).toMatch(/unknown code "1301"/);
    const wrong = ['technical:nope'];
    expect((await post(JSON.stringify({ features: wrong, entities: { Code: ['35060'] } }))).status).toBe(400);
    const again = await post(JSON.stringify({ features: wrong, entities: { Code: ['35060'] } }));
    expect(again.status).toBe(400);
    expect(JSON.parse(again.bytes.toString()).error).toMatch(/unknown feature "nope" in view "technical"/);
  });
});
