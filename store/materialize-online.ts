/**
 * `gq store materialize --online-only`: the online half of a materialization alone, for when the offline half is
 * written already (an online store that was down). The dataset's latest rows in [from, to] go into the online
 * store, with the views the offline store lists; the offline store is read, never written.
 */
import { availableParallelism } from 'node:os';
import { formatDay } from '../engine/dates.ts';
import type { StoreConfig } from './config.ts';
import { datasetFamilies } from './dataset-families.ts';
import { rangeOf } from './day-range.ts';
import { readManifest, type MaterializeReport } from './materialize.ts';
import { openOffline } from './offline-backend.ts';
import { writeOnline } from './online-write.ts';
import { mergeViews } from './store-views.ts';
import { columnNames, numericFeatures, readTable } from './table.ts';
import { isTarget } from './views.ts';

/** Writes the dataset's latest rows dated in [from, to] (default: its whole range) into the online store only. */
export async function materializeOnline(config: StoreConfig, o: { dataset: string; from?: string; to?: string }): Promise<MaterializeReport> {
  const t0 = performance.now();
  const families = datasetFamilies(o.dataset);
  const names = (await columnNames(o.dataset)).filter((c) => c !== 'Code' && c !== 'Date' && !isTarget(c, families));
  const table = await readTable(o.dataset, await numericFeatures(o.dataset, names), Math.min(2, availableParallelism()));
  const range = rangeOf(table, o.from, o.to, o.dataset);
  const backend = await openOffline(config.offline);
  let views;
  try {
    ({ views } = mergeViews((await readManifest(backend)).views, names, config.views, families));
  } finally {
    await backend.close();
  }
  const tRead = performance.now();
  const online = await writeOnline(config.online, views, table, range);
  let rows = 0;
  for (let i = 0; i < table.rows; i++) if (table.date[i]! >= range.from && table.date[i]! <= range.to) rows++;
  const s = (ms: number): number => +(ms / 1000).toFixed(3);
  return {
    from: formatDay(range.from), to: formatDay(range.to), rows, partitions: 0, bytes: 0, online,
    seconds: { read: s(tRead - t0), offline: 0, online: s(performance.now() - tRead) }, onlineOnly: true,
  };
}
