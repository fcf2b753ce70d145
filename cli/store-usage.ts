/** The actions of `gq store`, one line each: the usage text of `gq store --help` and of `gq store` alone. */

/** Each action and what it does (the order of the help). */
export const STORE_ACTIONS: Readonly<Record<string, string>> = {
  'init': 'write the store config, gq.store.json (--offline, --online)',
  'materialize': 'a dataset\'s rows into the offline and online stores (--dataset, --from, --to, --offline-only or --online-only)',
  'materialize-incremental': 'the same from the day after the last materialized day up to --end',
  'get': 'the latest feature vector of codes from the online store (--codes, --features or --views, --json)',
  'history': 'the point-in-time join of an entities file, for training (--entities, --out .parquet or .csv)',
  'serve': 'the feature server: POST /get-online-features, GET /health (--port, --host)',
  'status': 'views, partitions, rows, the last range materialized, online freshness (--json)',
};

/** The usage text: the command line, then the actions one a line. */
export function storeUsage(): string {
  const width = Math.max(...Object.keys(STORE_ACTIONS).map((a) => a.length));
  const lines = Object.entries(STORE_ACTIONS).map(([a, what]) => `  ${a.padEnd(width)}  ${what}`);
  return `store <action> [options]\n\nActions:\n${lines.join('\n')}`;
}
