/** `gq run --push` (Feast's push): the rows a run just wrote go into the offline and online stores. */
import { configPath, loadConfig } from './config.ts';
import { materialize, type MaterializeReport } from './materialize.ts';

/** Materializes the dataset a run wrote at `parquetPath` over its whole range, with the store config of `storeFlag`. */
export async function pushDataset(parquetPath: string, storeFlag?: string): Promise<MaterializeReport> {
  return materialize(loadConfig(configPath(storeFlag)), { dataset: parquetPath });
}
