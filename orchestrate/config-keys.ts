/**
 * The keys a daemon config file may hold, checked before any value: a misspelt key (`"retires"`, `"cron "`) would
 * otherwise be ignored without a word and its default used. The error names the key, the file and the closest key.
 */
import { RUN_OPTION_KEYS } from '../pipeline/run-options.ts';
import { GqError } from '../pipeline/errors.ts';

/** A level of the config: its keys, each with the shape below it (null: a value, not checked further here). */
type Shape = { readonly [key: string]: Shape | null } | { readonly items: Shape };

const RETRIES: Shape = { count: null, backoffSeconds: null, maxBackoffSeconds: null };
const API: Shape = { plan: null, requestsPerWindow: null, windowSeconds: null, lockoutSeconds: null };
const SENSORS: Shape = {
  data_arrival: { enabled: null, intervalMinutes: null, lookbackDays: null },
  quality_alert: { enabled: null, threshold: null, webhook: null },
};
const SCHEDULE: Shape = { name: null, cron: null, days: null, job: null, overlap: null, enabled: null, command: null };

/** The whole file. `pipeline` takes the options of `gq run` by their camelCase names. */
const CONFIG: Shape = {
  state: null, output: null, concurrency: null, retries: RETRIES, api: API, trainCommand: null, trainDataset: null,
  sensors: SENSORS, schedules: { items: SCHEDULE }, pipeline: Object.fromEntries(RUN_OPTION_KEYS.map((k) => [k, null])),
};

/** Refuses the first key of `raw` the config does not know, naming it, the file and the closest known key. */
export function checkConfigKeys(raw: Record<string, unknown>, where: string): void {
  walk(raw, CONFIG, '', where);
}

function walk(value: unknown, shape: Shape, path: string, where: string): void {
  if (typeof value !== 'object' || value === null) return; // a value of the wrong type is the value checks' to report
  if ('items' in shape && typeof shape.items === 'object') {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, shape.items as Shape, `${path}[${i}]`, where));
    return;
  }
  if (Array.isArray(value)) return;
  const known = Object.keys(shape);
  for (const key of Object.keys(value)) {
    const name = path === '' ? key : `${path}.${key}`;
    if (!known.includes(key)) throw new GqError('BAD_OPTION', unknownKeyMessage(where, name, key, known));
    const below = (shape as Record<string, Shape | null>)[key];
    if (below !== null && below !== undefined) walk((value as Record<string, unknown>)[key], below, name, where);
  }
}

function unknownKeyMessage(where: string, name: string, key: string, known: readonly string[]): string {
  const parent = name.slice(0, name.length - key.length).replace(/\.$/, '');
  const best = closest(key, known);
  const near = best === undefined ? '' : `; did you mean "${parent === '' ? '' : `${parent}.`}${best}"?`;
  const takes = parent === 'pipeline' ? 'gq run\'s options by camelCase name, e.g. historyFrom, sampleCodes: see gq run --help' : known.join(', ');
  return `${where}: unknown key "${name}"${near} (${parent === '' ? 'the file' : parent} takes ${takes})`;
}

/** The known key nearest to `key` by edit distance (case-insensitive), when it is near enough to be a slip. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) { best = k; bestD = d; }
  }
  return bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit (`retires` is one slip from `retries`). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
