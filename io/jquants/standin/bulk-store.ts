/**
 * The stand-in's bulk files (spec §5.2 `/bulk/list`, `/bulk/get`): gzipped CSVs of an endpoint's by-date answers,
 * monthly for months before the stand-in's current month and daily within it, keyed as the official doc MCP's
 * examples show (`markets/margin-alert/historical/2023/markets_margin-alert_202312.csv.gz`, `.../live/..._20240115.csv.gz`):
 * `equities/bars/daily/historical/2026/equities_bars_daily_202601.csv.gz` and
 * `equities/bars/daily/live/equities_bars_daily_20261120.csv.gz`. Each file is built from the very route that serves `?date=`
 * requests, one day after another, so a file holds exactly the records the by-date requests give, in the same
 * order. Header: the records' keys; cells: numbers as JavaScript prints them, null as an empty cell, strings as
 * they are (quoted when they hold a comma, quote or newline). Bytes are built on first use and kept.
 */
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import { dayOf, formatDay } from '../../../engine/dates.ts';
import { planWindow, type Plan } from '../plans.ts';
import type { MarketView } from './market-view.ts';
import type { Route } from './routes/types.ts';

const gzip = promisify(gzipCb);

/** One listed file: the API's `{Key, LastModified, Size}` plus the market days it holds. */
export type StoredFile = { key: string; endpoint: string; lastModified: string; days: number[] };

export type BulkStore = {
  /** Files of an endpoint path (e.g. `/equities/bars/daily`) whose days meet [from, to]; [] for an endpoint without files. */
  list(endpoint: string, from?: number, to?: number): StoredFile[];
  /** The file of a key, or undefined. */
  file(key: string): StoredFile | undefined;
  /** The gzip bytes of a file (built on first use). */
  bytes(f: StoredFile): Promise<Buffer>;
};

export type BulkStoreOptions = {
  view: () => MarketView;
  plan: Plan;
  today: number;
  sessions: boolean;
  /** The routes the files are built from, by path. */
  routes: ReadonlyMap<string, Route>;
  /** Keys whose stored file is broken: its gzip stops at 60% (a bad upload; every download gives the same bytes). */
  brokenKeys?: readonly string[];
};

/** Endpoints the stand-in offers as files (the real API offers more; gq reads daily bars from files). */
const FILE_ENDPOINTS = ['/equities/bars/daily'];

/** The bulk store over the stand-in's market. */
export function makeBulkStore(o: BulkStoreOptions): BulkStore {
  const built = new Map<string, Promise<Buffer>>();
  const catalogue = new Map<string, StoredFile[]>();
  const byKey = new Map<string, StoredFile>();
  const broken = new Set(o.brokenKeys ?? []);

  const filesOf = (endpoint: string): StoredFile[] => {
    let files = catalogue.get(endpoint);
    if (files !== undefined) return files;
    files = FILE_ENDPOINTS.includes(endpoint) ? catalogueOf(endpoint, o.view(), o.plan, o.today) : [];
    for (const f of files) byKey.set(f.key, f);
    catalogue.set(endpoint, files);
    return files;
  };

  return {
    list(endpoint, from, to) {
      return filesOf(endpoint).filter((f) => f.days[f.days.length - 1]! >= (from ?? -Infinity) && f.days[0]! <= (to ?? Infinity));
    },
    file(key) {
      if (byKey.size === 0) for (const e of FILE_ENDPOINTS) filesOf(e);
      return byKey.get(key);
    },
    bytes(f) {
      let b = built.get(f.key);
      if (b === undefined) {
        b = buildFile(f, o).then((gz) => (broken.has(f.key) ? gz.subarray(0, Math.floor(gz.length * 0.6)) : gz));
        built.set(f.key, b);
      }
      return b;
    },
  };
}

/** Monthly files for months before today's, daily files within it; only market days inside the plan window. */
function catalogueOf(endpoint: string, v: MarketView, plan: Plan, today: number): StoredFile[] {
  const w = planWindow(plan, 'bars', today);
  if (w === null) return [];
  const path = endpoint.replace(/^\//, '');
  const prefix = path.replaceAll('/', '_');
  const thisMonth = monthOf(today);
  const files: StoredFile[] = [];
  let current: StoredFile | null = null;
  for (const d of v.m.days) {
    if (d < w.from || d > today || (w.to !== null && d > w.to)) continue;
    const iso = formatDay(d).replaceAll('-', '');
    const month = monthOf(d);
    if (month === thisMonth) {
      current = null;
      files.push({ key: `${path}/live/${prefix}_${iso}.csv.gz`, endpoint, lastModified: new Date(d * 86_400_000 + 8 * 3_600_000).toISOString(), days: [d] });
      continue;
    }
    if (current === null || monthOf(current.days[0]!) !== month) {
      const [y, m] = [Math.floor(month / 12), (month % 12) + 1];
      const next = m === 12 ? dayOf(y + 1, 1, 1) : dayOf(y, m + 1, 1);
      current = { key: `${path}/historical/${y}/${prefix}_${iso.slice(0, 6)}.csv.gz`, endpoint, lastModified: new Date(next * 86_400_000 + 3_600_000).toISOString(), days: [] };
      files.push(current);
    }
    current.days.push(d);
  }
  return files;
}

function monthOf(day: number): number {
  const t = new Date(day * 86_400_000);
  return t.getUTCFullYear() * 12 + t.getUTCMonth();
}

/** The CSV of a file's days through the endpoint's route, gzipped (level 1: built on demand, kept in memory). */
async function buildFile(f: StoredFile, o: BulkStoreOptions): Promise<Buffer> {
  const route = o.routes.get(f.endpoint)!;
  const v = o.view();
  const parts: string[] = [];
  let header: string[] | null = null;
  let lines: string[] = [];
  for (const d of f.days) {
    const answer = await route.handle({ v, plan: o.plan, today: o.today, sessions: o.sessions, q: new URLSearchParams({ date: formatDay(d) }) });
    if (answer.kind !== 'data') throw new Error(`stand-in: building ${f.key}: ${formatDay(d)} answered ${answer.kind}`);
    for (let i = 0; i < answer.rows.length; i++) {
      const r = answer.rows.at(i) as Record<string, unknown>;
      if (header === null) {
        header = Object.keys(r);
        lines.push(header.join(','));
      }
      lines.push(header.map((k) => cell(r[k])).join(','));
      if (lines.length >= 8192) {
        parts.push(`${lines.join('\n')}\n`);
        lines = [];
      }
    }
  }
  if (lines.length > 0) parts.push(`${lines.join('\n')}\n`);
  return gzip(Buffer.from(parts.join(''), 'utf8'), { level: 1 });
}

/** One CSV cell: null/undefined empty, numbers as printed, strings quoted when needed. */
function cell(x: unknown): string {
  if (x === null || x === undefined) return '';
  const s = typeof x === 'string' ? x : String(x);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
