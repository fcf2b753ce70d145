/**
 * The offline store on S3, against s3rver (an S3-compatible server, in-process on loopback) behind a proxy that
 * injects faults: every 4th request answers 503, every 9th is held past the client's timeout. Materialization and
 * retrieval still succeed (the SDK retries with backoff), and the store holds the same partition bytes and gives
 * the same join as a local store.
 */
import { createServer, request, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildConfig } from '../../store/config.ts';
import { entitiesFromRows } from '../../store/entities.ts';
import { getHistoricalFeatures } from '../../store/history.ts';
import { materialize } from '../../store/materialize.ts';
import { s3Client } from '../../store/s3-client.ts';
import { sampleDataset, startS3, tempDir } from './helpers.ts';

let dir: string;
let done: () => Promise<void>;
let dataset: string;
let s3: Awaited<ReturnType<typeof startS3>>;
let proxy: Server;
let proxyPort: number;
const faults = { errors: 0, slow: 0, requests: 0 };
const saved = { ...process.env };

beforeAll(async () => {
  ({ dir, done } = await tempDir());
  dataset = await sampleDataset();
  s3 = await startS3('gq-test');
  proxy = createServer((req, res) => {
    const n = ++faults.requests;
    if (n % 4 === 0) {
      faults.errors++;
      req.resume();
      req.on('end', () => { res.writeHead(503, { 'content-type': 'application/xml' }); res.end('<Error><Code>ServiceUnavailable</Code><Message>injected</Message></Error>'); });
      return;
    }
    const forward = (): void => {
      const up = request({ host: '127.0.0.1', port: s3.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
    if (n % 9 === 0) { faults.slow++; setTimeout(forward, 1500); } else forward();
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  proxyPort = (proxy.address() as { port: number }).port;
  Object.assign(process.env, s3.env, { AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${proxyPort}`, GQ_S3_TIMEOUT_MS: '1000', GQ_S3_MAX_ATTEMPTS: '8' });
}, 120_000);
afterAll(async () => {
  process.env = saved;
  proxy.closeAllConnections();
  await new Promise((r) => proxy.close(r));
  await s3.stop();
  await done();
});

it('materializes through 503s and slow responses, with the same bytes as a local store', async () => {
  const remote = buildConfig(join(dir, 'remote', 'gq.store.json'), { offline: 's3://gq-test/features/v1' });
  const local = buildConfig(join(dir, 'local', 'gq.store.json'), {});
  const r = await materialize(remote, { dataset, offlineOnly: true });
  await materialize(local, { dataset, offlineOnly: true });
  expect(faults.errors).toBeGreaterThan(0);
  expect(faults.slow).toBeGreaterThan(0);
  const client = s3Client('gq-test', { ...process.env, AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3.port}` });
  try {
    const keys = await client.list('features/v1/');
    expect(keys).toContain('features/v1/_manifest.json');
    const parts = keys.filter((k) => k.endsWith('.parquet'));
    expect(parts.length).toBe(r.partitions);
    for (const k of parts) {
      const rel = k.slice('features/v1/'.length);
      expect(rel).toMatch(/^year=\d{4}\/month=\d{2}\/part-0\.parquet$/);
      const bytes = Buffer.from((await client.get(k))!);
      expect(bytes.equals(await readFile(join((local.offline as { dir: string }).dir, rel))), rel).toBe(true);
    }
  } finally {
    client.close();
  }
});

it('gives the same historical join from S3 as from the local store', async () => {
  const remote = buildConfig(join(dir, 'remote', 'gq.store.json'), { offline: 's3://gq-test/features/v1' });
  const local = buildConfig(join(dir, 'local', 'gq.store.json'), {});
  const ents = entitiesFromRows(['35060', '46090', '48230', '1301'].flatMap((c) => ['2026-07-01T10:00:00+09:00', '2026-09-04T17:00:00+09:00', '2026-11-20T17:00:00+09:00'].map((t) => ({ Code: c, event_timestamp: t }))));
  const a = await getHistoricalFeatures(remote, ents);
  const b = await getHistoricalFeatures(local, ents);
  expect(a.values.length).toBe(b.values.length);
  a.values.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(b.values[i]!)));
  expect(a.values.some((v) => v.some((x) => !Number.isNaN(x)))).toBe(true);
});

it('uploads a partition larger than a part (multipart, 8 MiB parts) byte for byte through the faults', async () => {
  const { randomBytes } = await import('node:crypto');
  const { writeFile: write } = await import('node:fs/promises');
  const big = randomBytes(12 << 20);
  const path = join(dir, 'big.bin');
  await write(path, big);
  const before = faults.requests;
  const client = s3Client('gq-test');
  try {
    await client.upload('big/part-0.parquet', path);
    expect(Buffer.from((await client.get('big/part-0.parquet'))!).equals(big)).toBe(true);
  } finally {
    client.close();
  }
  expect(faults.requests - before).toBeGreaterThanOrEqual(4); // create, two parts, complete (and the get)
});
