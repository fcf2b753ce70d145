/** Registers gq store init|materialize|materialize-incremental|get|history|serve|status (issue 12). Implementations are imported lazily in each action, so `gq run` never loads them. */
import { dirname } from 'node:path';
import type { CAC } from 'cac';
import { formatSize } from '../io/file-size.ts';
import { joinListFlags, rawValue } from './argv.ts';
import { STORE_ACTIONS, storeUsage } from './store-usage.ts';

type Flags = Record<string, unknown>;

const str = (v: unknown): string | undefined => (v === undefined || v === true ? undefined : String(v));
const list = (v: unknown): string[] => (str(v) ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** The store config named by --store (or GQ_STORE_CONFIG, or ./gq.store.json); a named file must exist. */
async function config(flags: Flags) {
  const { readStoreConfig } = await import('../store/config.ts');
  return readStoreConfig(str(flags.store));
}

/** The file an option names, or an error naming the option and the path when there is none. */
async function givenFile(option: string, path: string, fix: string): Promise<string> {
  const { statSync } = await import('node:fs');
  if (statSync(path, { throwIfNoEntry: false }) !== undefined) return path;
  const { resolve } = await import('node:path');
  const { GqError } = await import('../pipeline/errors.ts');
  const shown = resolve(path) === path ? path : `${path} (${resolve(path)})`;
  throw new GqError('SOURCE_MISSING', `${option} ${shown}: no such file; ${fix}`);
}

/** --dataset, or the newest dataset gq run wrote to ./out (said on stderr). */
async function datasetOf(flags: Flags): Promise<string> {
  const given = str(flags.dataset);
  if (given !== undefined) return givenFile('--dataset', given, 'give a dataset gq run wrote (e.g. out/dataset.parquet), or leave --dataset out to take the newest in ./out');
  const { lastDataset } = await import('../store/last-dataset.ts');
  const p = lastDataset();
  process.stderr.write(`gq: no --dataset: using ${p} (the newest dataset in ./out)\n`);
  return p;
}

/** Codes as typed (cac turns 0123 into 123): --codes values and positional arguments. */
function codesOf(positional: unknown[]): string[] {
  const raw = rawValue(joinListFlags(process.argv), '--codes');
  return [...list(raw), ...positional.map(String)];
}

function printMaterialized(r: { from: string; to: string; rows: number; partitions: number; bytes: number; online: Record<string, number>; seconds: Record<string, number>; upToDate?: string; onlineOnly?: true }): void {
  if (r.upToDate !== undefined) {
    process.stdout.write(`gq store: up to date: materialized up to ${r.upToDate} already, nothing to do for --end ${r.to}\n`);
    return;
  }
  const online = Object.entries(r.online).map(([v, n]) => `${v} ${n}`).join(', ');
  if (r.onlineOnly === true) {
    process.stdout.write(`gq store: online store only: the latest rows of ${r.from}..${r.to} (${r.rows} dataset rows) in ${(r.seconds.read! + r.seconds.online!).toFixed(1)} s\n  online rows written: ${online}\n`);
    return;
  }
  process.stdout.write(`gq store: ${r.rows} rows ${r.from}..${r.to} into ${r.partitions} partitions (${formatSize(r.bytes)}) in ${(r.seconds.read! + r.seconds.offline! + r.seconds.online!).toFixed(1)} s` +
    `${online === '' ? '' : `\n  online rows written: ${online}`}\n`);
}

const ACTIONS = Object.keys(STORE_ACTIONS);

/** Adds the commands to the CLI: `gq store <action>` (cac has no sub-commands, so one command dispatches). */
export function registerStoreCommands(cli: CAC): void {
  // The action is optional to cac so that `gq store` alone prints the actions (as `gq` alone prints the commands).
  const command = cli.command('store [action] [...codes]', `Feature store: ${ACTIONS.join(', ')} (gq store init; gq store materialize --dataset out/dataset.parquet; gq store get --codes 7203 9984; gq store history --entities e.csv --out training.parquet; gq store serve --port 6566; gq store status)`)
    .usage(storeUsage())
    .option('--store <file>', 'Config file (default ./gq.store.json; env GQ_STORE_CONFIG)')
    .option('--offline <where>', 'init: offline store, a folder or s3://bucket/prefix (default ./feature-store/offline)')
    .option('--online <where>', 'init: online store, sqlite:PATH or redis://HOST:PORT/DB (default sqlite:./feature-store/online.db)')
    .option('--dataset <path>', 'materialize: a dataset gq run wrote (default: the newest in ./out)')
    .option('--from <date>', 'materialize: first day, YYYY-MM-DD (default: the dataset\'s first)')
    .option('--to <date>', 'materialize: last day, YYYY-MM-DD (default: the dataset\'s last)')
    .option('--end <date>', 'materialize-incremental: last day, YYYY-MM-DD')
    .option('--offline-only', 'materialize: leave the online store alone')
    .option('--online-only', 'materialize: write the online store only (the offline half is written already)')
    .option('--codes <codes>', 'get: codes, e.g. --codes 7203 9984')
    .option('--features <refs>', 'get, history: view:feature or names, comma-separated (default: all)')
    .option('--views <views>', 'get, history: whole feature views, comma-separated')
    .option('--json', 'get: Feast\'s get-online-features response; status: JSON')
    .option('--entities <file>', 'history: CSV or Parquet with Code and event_timestamp (ISO-8601; no offset means JST)')
    .option('--out <file>', 'history: output file, .parquet or .csv (default training.parquet)')
    .option('--port <n>', 'serve: port (default 6566, Feast\'s; 0 picks a free one)')
    .option('--host <host>', 'serve: address (default 127.0.0.1)')
    .action(async (action: string | undefined, positional: unknown[], flags: Flags) => {
      if (action === undefined) {
        command.outputHelp();
        return;
      }
      const run = HANDLERS[action];
      if (run === undefined) {
        const { GqError } = await import('../pipeline/errors.ts');
        throw new GqError('BAD_OPTION', `unknown store action "${action}" (one of: ${ACTIONS.join(', ')})`);
      }
      await run(flags, positional);
    });
}

const HANDLERS: Record<string, (flags: Flags, positional: unknown[]) => Promise<void>> = {
  async init(flags) {
    const { configPath, writeConfig } = await import('../store/config.ts');
    const { defaultLocations } = await import('../store/default-locations.ts');
    const path = configPath(str(flags.store));
    const defaults = defaultLocations(dirname(path));
    const c = await writeConfig(path, str(flags.offline) ?? defaults.offline, str(flags.online) ?? defaults.online);
    process.stdout.write(`gq store: wrote ${path}\n  offline ${c.raw.offline}\n  online  ${c.raw.online}\n`);
  },
  async materialize(flags) {
    const c = await config(flags);
    if (flags.onlineOnly === true) {
      const { GqError } = await import('../pipeline/errors.ts');
      if (flags.offlineOnly === true) throw new GqError('BAD_OPTION', '--online-only and --offline-only together would write nothing: give one of them');
      const { materializeOnline } = await import('../store/materialize-online.ts');
      printMaterialized(await materializeOnline(c, { dataset: await datasetOf(flags), from: str(flags.from), to: str(flags.to) }));
      return;
    }
    const { materialize } = await import('../store/materialize.ts');
    printMaterialized(await materialize(c, { dataset: await datasetOf(flags), from: str(flags.from), to: str(flags.to), offlineOnly: flags.offlineOnly === true }));
  },
  async 'materialize-incremental'(flags) {
    const end = str(flags.end);
    const { GqError } = await import('../pipeline/errors.ts');
    if (end === undefined) throw new GqError('BAD_OPTION', 'store materialize-incremental needs --end YYYY-MM-DD');
    if (flags.onlineOnly === true) throw new GqError('BAD_OPTION', '--online-only goes with gq store materialize --from D --to D (the days whose online half is missing)');
    const { materializeIncremental } = await import('../store/materialize.ts');
    const c = await config(flags);
    printMaterialized(await materializeIncremental(c, { dataset: await datasetOf(flags), end, offlineOnly: flags.offlineOnly === true }));
  },
  async get(flags, positional) {
    const { openOnline, notMaterialized } = await import('../store/online.ts');
    const { getOnlineFeatures, onlineViews } = await import('../store/online-features.ts');
    const { GqError } = await import('../pipeline/errors.ts');
    const codes = codesOf(positional);
    if (codes.length === 0) throw new GqError('BAD_OPTION', 'store get needs codes, e.g. gq store get --codes 7203 9984');
    const store = await openOnline((await config(flags)).online, { create: false });
    try {
      const views = await onlineViews(store);
      if (views.length === 0) throw notMaterialized(store.where);
      const r = await getOnlineFeatures(store, { codes, features: list(flags.features), views: list(flags.views) }, views);
      if (r.missing.length > 0) throw new GqError('UNKNOWN_CODE', `unknown code ${r.missing.map((c) => `"${c}"`).join(', ')} (not in the online store ${store.where})`);
      if (flags.json === true) {
        const { feastResponse } = await import('../store/feast-response.ts');
        process.stdout.write(`${feastResponse(r)}\n`);
      } else {
        const { onlineTable } = await import('../store/online-table.ts');
        process.stdout.write(`${onlineTable(r)}\n`);
      }
    } finally {
      await store.close();
    }
  },
  async history(flags) {
    const { GqError } = await import('../pipeline/errors.ts');
    const file = str(flags.entities);
    if (file === undefined) throw new GqError('BAD_OPTION', 'store history needs --entities FILE (.csv or .parquet with Code and event_timestamp)');
    const out = str(flags.out) ?? 'training.parquet';
    const { trainingFormat } = await import('../store/training-format.ts');
    const format = trainingFormat(out);
    const { readEntities } = await import('../store/entities.ts');
    const { getHistoricalFeatures, writeTraining } = await import('../store/history.ts');
    const t0 = performance.now();
    const entities = await readEntities(await givenFile('--entities', file, 'give a .csv or .parquet file with Code and event_timestamp columns'));
    const r = await getHistoricalFeatures(await config(flags), entities, list(flags.features), list(flags.views));
    const bytes = await writeTraining(out, r);
    process.stdout.write(`gq store: ${entities.codes.length} entity rows x ${r.refs.length} features in ${((performance.now() - t0) / 1000).toFixed(1)} s\n  ${format} ${out} (${formatSize(bytes)})\n`);
  },
  async serve(flags) {
    const { openOnline } = await import('../store/online.ts');
    const { startServer } = await import('../store/server.ts');
    const store = await openOnline((await config(flags)).online, { reconnect: true, create: false });
    const s = await startServer(store, { port: Number(flags.port ?? 6566), host: str(flags.host) });
    process.stdout.write(`gq store: serving ${store.where} at http://${str(flags.host) ?? '127.0.0.1'}:${s.port} (POST /get-online-features, GET /health)\n`);
    const stop = async (): Promise<void> => { await s.close(); await store.close(); process.exit(0); };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
    await new Promise<never>(() => undefined);
  },
  async status(flags) {
    const { storeStatus, statusLines } = await import('../store/status.ts');
    const s = await storeStatus(await config(flags));
    process.stdout.write(flags.json === true ? `${JSON.stringify(s, null, 2)}\n` : `${statusLines(s).join('\n')}\n`);
  },
};
