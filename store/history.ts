/**
 * Historical retrieval (Feast's get_historical_features): for each entity row (Code, timestamp) the latest row of
 * each view available at or before the timestamp and within the view's TTL; null otherwise (also for codes the
 * store does not hold). Rows come back in the entities' order.
 */
import type { OutColumn } from '../io/columns.ts';
import { writeCsv } from '../io/csv/write-csv.ts';
import { writeParquet } from '../io/parquet/write-parquet.ts';
import { GqError } from '../io/gq-error.ts';
import { lookupCode } from './code-lookup.ts';
import type { StoreConfig } from './config.ts';
import type { Entities } from './entities.ts';
import { resolveRefs, type FeatureRef } from './feature-refs.ts';
import { readManifest } from './materialize.ts';
import { openOffline } from './offline-backend.ts';
import { startGatherThread, type GatherThread } from './gather-thread.ts';
import { readOfflineKeys } from './offline-keys.ts';
import { checkNumeric, columnWeight, gatherColumns, partitionLists, type GatherColumn, type PartitionLists } from './partition-gather.ts';
import { asOfMatch, codeRuns, entityRuns } from './pit-join.ts';
import { formatJst, JST_OFFSET_MS, MS_PER_DAY } from './time.ts';
import { trainingFormat } from './training-format.ts';

export type HistoricalResult = {
  entities: Entities;
  refs: FeatureRef[];
  /** One array per ref, in entity order (NaN = null); views of one SharedArrayBuffer. */
  values: Float64Array[];
  /**
   * read: the partitions' Code and Date (and, on S3, fetching the files); join: the as-of match plus decoding the
   * feature columns and gathering the matched values (the features are read partition by partition, during the join).
   */
  seconds: { read: number; join: number };
};

/** The point-in-time join of `entities` with the features named (refs, bare names or views; default all). */
export async function getHistoricalFeatures(
  config: StoreConfig, entities: Entities, features: readonly string[] = [], views: readonly string[] = [],
): Promise<HistoricalResult> {
  const backend = await openOffline(config.offline);
  let thread: GatherThread | undefined;
  try {
    const manifest = await readManifest(backend);
    if (manifest.partitions.length === 0) throw new GqError('NO_DATA', `the offline store ${backend.where} is empty; run gq store materialize first`);
    const refs = resolveRefs(manifest.views, features, views);
    const t0 = performance.now();
    // Started now, the thread loads while the keys are read.
    if (refs.length >= 8 && entities.codes.length > 0) thread = startGatherThread();
    const keys = await readOfflineKeys(backend, manifest);
    try {
      const t1 = performance.now();
      checkNumeric(keys.files, refs.map((r) => r.feature));
      const index = new Map(keys.codes.map((c, k) => [c, k]));
      const entCode = new Int32Array(entities.codes.length);
      for (let i = 0; i < entCode.length; i++) entCode[i] = lookupCode(index, entities.codes[i]!) ?? -1;
      const store = codeRuns(keys.code, keys.date, keys.codes.length);
      const ents = entityRuns(entCode, entities.ts, keys.codes.length);
      const n = entities.codes.length;
      // One buffer for every output column: a single mapping faults in with huge pages, 69 small ones cost twice the
      // CPU to first touch. Not filled here: gatherColumns fills each column with NaN on the thread that gathers it.
      const outputs = new SharedArrayBuffer(refs.length * n * 8);
      const listOf = new Map<string, number>();
      const lists: PartitionLists[] = [];
      const columns: GatherColumn[] = refs.map((r, i) => {
        const key = `${r.view.availableAfter}/${r.view.ttlDays}`;
        let k = listOf.get(key);
        if (k === undefined) {
          const m = asOfMatch(store, ents, r.view.availableAfter * 60_000 - JST_OFFSET_MS, r.view.ttlDays * MS_PER_DAY, n);
          k = lists.length;
          lists.push(partitionLists(m, keys.part, keys.base, thread !== undefined));
          listOf.set(key, k);
        }
        return { name: r.feature, lists: k, out: new Float64Array(outputs, i * n * 8, n) };
      });
      const [mine, theirs] = thread === undefined ? [columns, []] : shares(columns, keys.files);
      // Both settle before the files are released, whichever fails first.
      const done = await Promise.allSettled([
        gatherColumns({ files: keys.files, lists, columns: mine }),
        theirs.length === 0 ? undefined : thread!.run({ files: keys.files, lists, columns: theirs }),
      ]);
      for (const d of done) if (d.status === 'rejected') throw d.reason;
      return { entities, refs, values: columns.map((c) => c.out), seconds: { read: sec(t1 - t0), join: sec(performance.now() - t1) } };
    } finally {
      await keys.release();
    }
  } finally {
    await thread?.close();
    await backend.close();
  }
}

/** Two shares of the columns of about equal decoding weight (greedy, heaviest first), each in the columns' order. */
function shares(columns: readonly GatherColumn[], files: Parameters<typeof columnWeight>[0]): [GatherColumn[], GatherColumn[]] {
  const weight = new Map(columns.map((c) => [c, columnWeight(files, c.name)]));
  const mine = new Set<GatherColumn>();
  let a = 0;
  let b = 0;
  for (const c of [...columns].sort((x, y) => weight.get(y)! - weight.get(x)!)) {
    if (a <= b) { mine.add(c); a += weight.get(c)!; } else b += weight.get(c)!;
  }
  return [columns.filter((c) => mine.has(c)), columns.filter((c) => !mine.has(c))];
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

/** Writes the training table to `path` (atomically), as Parquet or CSV by its extension; returns its size. */
export async function writeTraining(path: string, r: HistoricalResult): Promise<number> {
  // CSV through the dataset's CSV writer: the same cells as gq run --format csv (null = empty cell).
  if (trainingFormat(path) === 'csv') return (await writeCsv(path, trainingColumns(r))).bytes;
  // On the calling thread: on the encode pool's two workers, 1M rows x 69 features took ~3.4 CPU s more (worker
  // start-up, fresh output buffers) and, at load 6-8, more wall time too.
  return (await writeParquet(path, trainingColumns(r), { createdBy: 'gq store history' })).bytes;
}

const sec = (ms: number): number => +(ms / 1000).toFixed(3);
