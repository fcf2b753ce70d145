/**
 * Historical retrieval (Feast's get_historical_features): for each entity row (Code, timestamp) the latest row of
 * each view available at or before the timestamp and within the view's TTL; null otherwise (also for codes the
 * store does not hold). Rows come back in the entities' order.
 */
import type { OutColumn } from '../io/columns.ts';
import { writeParquet } from '../io/parquet/write-parquet.ts';
import { GqError } from '../pipeline/errors.ts';
import type { StoreConfig } from './config.ts';
import type { Entities } from './entities.ts';
import { resolveRefs, type FeatureRef } from './feature-refs.ts';
import { readManifest } from './materialize.ts';
import { openOffline } from './offline-backend.ts';
import { gather, readOffline } from './offline-read.ts';
import { asOfMatch, codeRuns, entityRuns } from './pit-join.ts';
import { formatJst, JST_OFFSET_MS, MS_PER_DAY } from './time.ts';

export type HistoricalResult = {
  entities: Entities;
  refs: FeatureRef[];
  /** One array per ref, in entity order (NaN = null). */
  values: Float64Array[];
  seconds: { read: number; join: number };
};

/** The point-in-time join of `entities` with the features named (refs, bare names or views; default all). */
export async function getHistoricalFeatures(
  config: StoreConfig, entities: Entities, features: readonly string[] = [], views: readonly string[] = [],
): Promise<HistoricalResult> {
  const backend = await openOffline(config.offline);
  try {
    const manifest = await readManifest(backend);
    if (manifest.partitions.length === 0) throw new GqError('NO_DATA', `the offline store ${backend.where} is empty; run gq store materialize first`);
    const refs = resolveRefs(manifest.views, features, views);
    const t0 = performance.now();
    const data = await readOffline(backend, manifest, refs.map((r) => r.feature));
    const t1 = performance.now();
    const index = new Map(data.codes.map((c, k) => [c, k]));
    const entCode = Int32Array.from(entities.codes, (c) => index.get(c) ?? -1);
    const store = codeRuns(data.code, data.date, data.codes.length);
    const ents = entityRuns(entCode, entities.ts, data.codes.length);
    const matches = new Map<string, Int32Array>();
    const values: Float64Array[] = [];
    for (const r of refs) {
      const key = `${r.view.availableAfter}/${r.view.ttlDays}`;
      let m = matches.get(key);
      if (m === undefined) {
        m = asOfMatch(store, ents, entities.ts, r.view.availableAfter * 60_000 - JST_OFFSET_MS, r.view.ttlDays * MS_PER_DAY, entities.codes.length);
        matches.set(key, m);
      }
      values.push(gather(data, r.feature, m));
    }
    return { entities, refs, values, seconds: { read: sec(t1 - t0), join: sec(performance.now() - t1) } };
  } finally {
    await backend.close();
  }
}

/** The result as writer columns: Code, event_timestamp (JST ISO-8601 text), then one DOUBLE per feature. */
export function trainingColumns(r: HistoricalResult): OutColumn[] {
  const n = r.entities.codes.length;
  const codeDict = new Map<string, number>();
  const code = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = r.entities.codes[i]!;
    let k = codeDict.get(c);
    if (k === undefined) { k = codeDict.size; codeDict.set(c, k); }
    code[i] = k;
  }
  const tsDict = new Map<number, number>();
  const ts = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const t = r.entities.ts[i]!;
    let k = tsDict.get(t);
    if (k === undefined) { k = tsDict.size; tsDict.set(t, k); }
    ts[i] = k;
  }
  const cols: OutColumn[] = [
    { name: 'Code', kind: 'dict', indices: code, dictionary: [...codeDict.keys()] },
    { name: 'event_timestamp', kind: 'dict', indices: ts, dictionary: [...tsDict.keys()].map(formatJst) },
  ];
  r.refs.forEach((ref, i) => {
    cols.push({ name: ref.feature, kind: 'f64', values: r.values[i]! });
  });
  return cols;
}

/** Writes the training table to `path` (Parquet, atomically). */
export async function writeTraining(path: string, r: HistoricalResult): Promise<number> {
  return (await writeParquet(path, trainingColumns(r), { createdBy: 'gq store history' })).bytes;
}

const sec = (ms: number): number => +(ms / 1000).toFixed(3);
