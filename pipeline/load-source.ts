/**
 * The fetch stage: raw bars and TOPIX from the J-Quants API (with a key), from the sample market through the local
 * stand-in of the API (without one, so the real fetch path is what runs), or from local files.
 */
import { join } from 'node:path';
import { formatDay } from '../engine/dates.ts';
import type { RawBars, TopixSeries } from '../engine/raw-bars.ts';
import { topixFromRecords } from '../engine/raw-from-records.ts';
import { createClient, type Client } from '../io/jquants/client.ts';
import { loadConfig } from '../io/jquants/config.ts';
import { isPlan, planWindow, type Plan } from '../io/jquants/plans.ts';
import { todayJst } from '../io/jquants/finality.ts';
import type { EndpointName } from '../io/jquants/endpoints.ts';
import { formatEvent, type ClientEvent } from '../io/jquants/events.ts';
import { makeCalendar } from '../engine/calendar/jquants-calendar.ts';
import { tseCalendar, type TradingCalendar } from '../engine/calendar/tse-calendar.ts';
import { startStandin } from '../io/jquants/standin/server.ts';
import { generateMarket, sampleDays, type SampleMarket } from '../io/sample/market.ts';
import { readMarketSnapshot, removeSnapshotTemp } from '../io/sample/market-snapshot.ts';
import { generateMarketOnThread, type MarketThread } from '../io/sample/market-thread.ts';
import { plural } from '../io/plural.ts';
import { loadLocalFiles, type InputFile } from '../io/source/local-files.ts';
import { GqError } from './errors.ts';
import type { RunBus } from './events.ts';
import { historyOrigin, type HistoryOrigin } from './history-origin.ts';
import { runRange, type DayRange } from './range.ts';
import type { RunOptions } from './run-options.ts';
import { selectRows } from './select-rows.ts';
import { unknownCodesError } from './unknown-codes.ts';
import { fetchMasterSnapshots, needsMaster } from './master-snapshots.ts';
import type { MasterRow } from '../engine/master-asof.ts';
import { subsetRaw } from '../engine/subset-raw.ts';
import { absentEvents, loadEvents, type LoadedEvents } from './load-events.ts';

export type Loaded = {
  raw: RawBars;
  /** The trading calendar for the checks: J-Quants' where it was fetched (it wins), the rules elsewhere. */
  calendar: TradingCalendar;
  topix: TopixSeries;
  /** Listed-master snapshots, when the run's families read sector or market as of each date. */
  master?: MasterRow[];
  range: DayRange;
  /** The history origin every code is computed from. */
  origin: number;
  source: string;
  plan?: Plan;
  requests: number;
  inputs: InputFile[];
  /** Records of the event families the run asks for (pipeline/load-events.ts). */
  events?: LoadedEvents;
};

/** The sample market's snapshot in its cache folder (io/sample/market-snapshot.ts). */
const MARKET_SNAPSHOT = 'sample-market.bin';

/** Default output length when no range is given: about one year of business days. */
const DEFAULT_DAYS = 250;

/** Loads the raw data of a run, restricted to its codes and its range (warm-up included). */
export async function loadSource(o: RunOptions, bus: RunBus): Promise<Loaded> {
  if (o.source.kind === 'files') {
    const { raw, topix, inputs } = await loadLocalFiles(o.source.dir);
    if (raw.rows === 0) throw new GqError('NO_DATA', `${o.source.dir}: bars_daily has no rows`);
    let first = raw.date[0]!;
    let last = first;
    for (let i = 1; i < raw.rows; i++) { const d = raw.date[i]!; if (d < first) first = d; if (d > last) last = d; }
    // Files hold their whole history: the origin is their first day (or --history-from), and every later row counts.
    const range = { ...runRange(o, first, last, Number.MAX_SAFE_INTEGER, o.historyFrom ?? first), fetchTo: last };
    const kept = subsetRaw(raw, selectRows(raw, range.fetchFrom, range.fetchTo, o.codes));
    return { raw: kept, calendar: tseCalendar, topix, range, origin: range.fetchFrom, source: `files:${o.source.dir}`, requests: 0, inputs, events: absentEvents(o.families, 'a local-files source has no event records') };
  }
  const announced: Announced = {};
  if (o.source.kind === 'sample') {
    const s = o.source;
    const days = sampleDays({ days: s.days });
    const sample = { codes: s.codes, days: s.days, seed: s.seed };
    let thread: MarketThread | undefined;
    let snapshot: SampleMarket | null = null;
    const cacheDir = join(o.cacheDir, `sample-${s.codes}x${s.days}-seed${s.seed}`);
    const snapshotPath = join(cacheDir, MARKET_SNAPSHOT);
    // The local stand-in serves only this run: no per-plan throttling, which would only slow the sample down. It
    // makes the market on the first data request, so a run the raw cache fully answers never makes it: from the
    // snapshot a run before left in the cache folder when there is one, else built.
    const market = (): SampleMarket | Promise<SampleMarket> => thread?.market ?? snapshot ?? readMarketSnapshot(snapshotPath, sample) ?? generateMarket(sample);
    const standin = await startStandin({ port: 0, market, rateLimit: false, finsRateLimit: false });
    try {
      const last = days[days.length - 1]!;
      const origin = await historyOrigin(cacheDir, days[0]!, o.historyFrom, last);
      announceMovedOrigin(origin, bus);
      const range = runRange(o, days[0]!, last, days.length, origin.from);
      bus.emit('info', `sample market: ${s.codes} codes x ${s.days} days (seed ${s.seed}) served by the local J-Quants stand-in at ${standin.url}`);
      const client = createClient({
        apiKey: 'sample', baseUrl: standin.url, plan: 'premium', pacing: false, refresh: refreshOf(o),
        cacheDir, onEvent: fetchEvents(o, bus, announced), bulk: o.bulk,
      });
      // Requests are coming (a new cache, or days not final when cached): the market is built on the idle second core
      // while the main thread reads the cache, instead of on the main thread at the first request.
      // (A cache that cannot be opened fails in fetchWith, which closes the client.)
      // Without a snapshot, the thread also writes one for the next run.
      if (await client.cacheHasUnfinished().catch(() => false)) {
        snapshot = readMarketSnapshot(snapshotPath, sample);
        if (snapshot === null) thread = generateMarketOnThread(sample, snapshotPath);
      }
      return await fetchWith(client, o, range, last, origin, 'sample', bus, undefined, announced);
    } finally {
      await standin.close();
      if (thread !== undefined) {
        await thread.cancel();
        removeSnapshotTemp(snapshotPath); // a snapshot the thread was still writing
      }
    }
  }
  const cfg = loadConfig();
  const plan = o.plan ?? cfg.plan;
  if (!isPlan(plan)) throw new GqError('BAD_OPTION', `--plan ${plan} is not a plan; use free, light, standard or premium`);
  // The plan's data window bounds the range (Free data ends 12 weeks ago and goes back 2 years), so a default run
  // asks only for what the subscription covers instead of failing on the API's 400.
  const today = todayJst(Date.now());
  const window = planWindow(plan, 'bars', today)!;
  const last = window.to ?? today;
  if (o.to !== undefined && o.to > last) bus.emit('warn', `the ${plan} plan covers data up to ${formatDay(last)}; --to ${formatDay(o.to)} is cut to it`);
  if (o.from !== undefined && o.from < window.from) bus.emit('warn', `the ${plan} plan covers data from ${formatDay(window.from)}; --from ${formatDay(o.from)} is moved to it`);
  // GQ_CACHE_DIR is the API's cache itself; a --cache-dir given on the command line wins over it (o.cacheDir is then
  // another folder), as every flag wins over the environment.
  const cacheDir = cfg.cacheDir !== undefined && cfg.cacheDir === o.cacheDir ? cfg.cacheDir : join(o.cacheDir, 'api');
  const origin = await historyOrigin(cacheDir, window.from, o.historyFrom, last);
  announceMovedOrigin(origin, bus);
  if (origin.how === 'new') bus.emit('info', `history origin pinned at ${formatDay(origin.from)} (the earliest day the ${plan} plan allows); every run computes each code from there (--history-from D moves it)`);
  const range = runRange(o, window.from, last, DEFAULT_DAYS, origin.from);
  const client = createClient({
    apiKey: cfg.apiKey, baseUrl: cfg.baseUrl, plan, concurrency: cfg.concurrency, retries: cfg.retries, retryDelayMs: cfg.retryDelayMs,
    cacheDir, refresh: refreshOf(o),
    onEvent: fetchEvents(o, bus, announced), bulk: o.bulk,
  });
  return fetchWith(client, o, range, last, origin, 'jquants-api', bus, plan, announced);
}

/** Says so when --history-from moved the cache's pinned origin: every later run on this cache computes from it. */
function announceMovedOrigin(origin: HistoryOrigin, bus: RunBus): void {
  if (origin.how === 'explicit' && origin.previous !== undefined) {
    bus.emit('info', `history origin moved from ${formatDay(origin.previous)} to ${formatDay(origin.from)} (--history-from): every later run on this cache computes each code from there`);
  }
}

const BARS_PATH = '/equities/bars/daily';

/** What the fetch stage announced: the requests of daily bars, or undefined when only listing the bulk files tells. */
type Announced = { requests?: number };

/**
 * Client events as fetch progress, and as log lines with --verbose. Progress counts the requests of daily bars the
 * plan counts: by-date pieces, bulk files (one signed URL each) and the list of files, which is made before the plan.
 * When the plan made after listing differs from what was announced, it is announced too, so the total shown and the
 * total said agree.
 */
function fetchEvents(o: RunOptions, bus: RunBus, announced: Announced): (e: ClientEvent) => void {
  let total: number | undefined;
  let done = 0;
  return (e) => {
    if (o.verbose) bus.emit('info', `fetch: ${formatEvent(e)}`);
    if (e.type === 'plan' && e.endpoint === BARS_PATH) {
      total = e.requests;
      done = e.strategy === 'bulk' ? 1 : 0;
      if (e.requests !== announced.requests) bus.emit('info', `fetch: ${planLine(e.requests, e.strategy, e.files)}`);
      announced.requests = e.requests;
    }
    if ((e.type === 'piece' || e.type === 'bulk') && e.endpoint === BARS_PATH) bus.emit('stage:progress', { stage: 'fetch', done: ++done, total, unit: 'requests' });
    if (e.type === 'retry' && !o.verbose) bus.emit('info', `fetch: ${formatEvent(e)}`);
  };
}

/** `24 requests for daily bars: the list of bulk files, 15 files and 8 by-date requests for days no file covers`. */
function planLine(requests: number, strategy: string, files: number | undefined): string {
  if (strategy !== 'bulk' || files === undefined) return `${requests} requests for daily bars, by ${strategy === 'per-code' ? 'code' : 'date'}`;
  const byDate = requests - 1 - files;
  return `${requests} requests for daily bars: the list of bulk files, ${plural(files, 'file')}${byDate > 0 ? ` and ${plural(byDate, 'by-date request')} for days no file covers` : ''}`;
}

/** The endpoints `--update prices topix ...` asks to refetch (a dataset update refetches nothing). */
function refreshOf(o: RunOptions): EndpointName[] {
  if (o.dataset !== undefined) return [];
  const map: Record<string, EndpointName> = { prices: 'bars', topix: 'topix', master: 'master', calendar: 'calendar' };
  return o.update.map((u) => map[u]!).filter((e) => e !== undefined);
}

async function fetchWith(
  client: Client, o: RunOptions, given: DayRange, last: number, origin: HistoryOrigin, source: string, bus: RunBus, plan: Plan | undefined,
  announced: Announced,
): Promise<Loaded> {
  let barsLoad: ReturnType<Client['fetchDailyBarsColumns']> | undefined;
  try {
    // Split factors are anchored to the latest bar the cache knows, not to --to: load through it (cached days cost
    // no request), so a range ending before a split has the full run's prices.
    const through = await client.cachedBarsThrough(o.codes);
    const range = { ...given, fetchTo: Math.min(last, Math.max(given.fetchTo, through ?? given.fetchTo)) };
    const q = { from: range.fetchFrom, to: range.fetchTo, codes: o.codes };
    const planned = await client.planDailyBars(q);
    const notes: string[] = [];
    if (range.fetchFrom < range.from || range.fetchTo > range.to) notes.push(`output ${formatDay(range.from)}..${formatDay(range.to)}; each code is computed from the history origin ${formatDay(origin.from)}`);
    // Before the bulk files are listed (one request, made by the fetch), their plan is only a lower bound: days no file
    // covers are fetched by date. The count is then announced once the list is in (fetchEvents).
    const counted = !(planned.strategy === 'bulk' && planned.bulk?.listed === false);
    announced.requests = counted ? planned.requests : undefined;
    if (!counted) notes.push('bulk files may be cheaper: listing them to count the requests');
    const detail = `${formatDay(range.fetchFrom)}..${formatDay(range.fetchTo)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
    bus.emit('stage:start', { stage: 'fetch', detail, total: counted ? planned.requests : undefined, unit: 'requests' });
    // Bars from a warm cache are assembled on another thread (fetch-code-date.ts): the other endpoints are read
    // meanwhile, and the bars awaited after them. (Awaited below; caught here so that a failure is not unhandled.)
    barsLoad = client.fetchDailyBarsColumns(q);
    barsLoad.catch(() => undefined);
    // TOPIX needs the Light plan or above: on Free the TOPIX-relative features and excess targets stay null.
    const topix = plan === 'free' ? { records: [] } : await client.fetchTopix({ from: range.fetchFrom, to: range.fetchTo });
    if (plan === 'free') bus.emit('warn', 'the Free plan has no TOPIX (Light and above do): TOPIX-relative features and excess targets will be null');
    const calendarRecords = (await client.fetchCalendar({ from: range.fetchFrom, to: range.fetchTo })).records;
    const calendar = makeCalendar(calendarRecords);
    // --update master refetches the listed master even when no feature of this run reads it.
    if (o.update.includes('master') && o.dataset === undefined && !needsMaster(o.families)) await client.fetchMaster();
    // Sector and market as of each date, for the families that read them (families.md §0 Master; --update FAMILY included).
    // ... and the event families asked for (with --dataset, --update names the families being added), at the same time:
    // from a warm cache each is read on a thread of its own.
    const [master, events] = await Promise.all([
      needsMaster([...o.families, ...o.update]) ? fetchMasterSnapshots(client, range.fetchFrom, range.to) : undefined,
      loadEvents(client, o.dataset === undefined ? o.families : [...o.families, ...o.update], range, o.codes, bus, source === 'sample'),
    ]);
    const bars = await barsLoad;
    for (const d of calendar.disagreements) bus.emit('warn', `calendar: J-Quants says ${d.date} is ${d.api ? 'open' : 'closed'} (HolDiv ${d.holDiv}), the TSE rules say ${d.computed ? 'open' : 'closed'}; J-Quants wins`);
    const raw = bars.bars;
    if (o.codes !== undefined) {
      const seen = new Set(raw.codes);
      const unknown = o.codes.filter((c) => !seen.has(c));
      if (unknown.length > 0) {
        // The listed master names codes that exist (one request at most; without it the error still stands).
        const listed = await client.fetchMaster({ fields: ['Code'] }).then((m) => ({ codes: m.records.map((r) => r.Code), by: 'The listed master has' }), () => null);
        throw unknownCodesError(unknown, source, range.fetchFrom, range.fetchTo, listed);
      }
    }
    return { raw, calendar, master, topix: topixFromRecords(topix.records), range, origin: origin.from, source, plan, requests: client.stats().requests, inputs: [], events };
  } finally {
    await barsLoad?.catch(() => undefined); // bars still being assembled when another endpoint failed
    await client.close();
  }
}
