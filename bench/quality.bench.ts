/**
 * Raw quality-check bench: a synthetic clean RawBars (codes x real TSE business days, J-Quants' Adj* columns, a
 * 1:2 split in 5 % of codes) through the full validateRaw suite, with the real TSE calendar.
 *   ./node_modules/.bin/node bench/quality.bench.ts --rows 5000000 [--codes 4000] [--sorted 0] [--runs 3]
 * --sorted 0 lays rows out by date (as J-Quants pages come); 1 by (code, date), the panel's order; 2 in a random
 * order (the worst case: a full sort, and every per-code pass jumps around memory).
 * The last line is one JSON object: rows, rows_per_s (median run), the run times and the findings (0 on clean data).
 */
import { businessDays, tseCalendar } from '../engine/calendar/tse-calendar.ts';
import { dayOf } from '../engine/dates.ts';
import type { RawBars } from '../engine/raw-bars.ts';
import { validateRaw } from '../pipeline/quality/validate-raw.ts';
import { benchArgs, peakRssMiB } from './args.ts';
import { mulberry32 } from '../io/jquants/standin/prng.ts';

const a = benchArgs({ rows: 5_000_000, codes: 4000, sorted: 0, runs: 3, seed: 7 });
const nCodes = a.codes!;
const nDays = Math.max(1, Math.round(a.rows! / nCodes));

/** The last n TSE business days up to 2026-11-20. */
function lastDays(n: number): Int32Array {
  const end = dayOf(2026, 11, 20);
  const all = businessDays(end - Math.ceil(n * 1.5) - 30, end);
  return all.slice(all.length - n);
}

/** A random permutation of 0..n-1 (Fisher-Yates). */
function shuffle(n: number, rnd: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

function makeRaw(): RawBars {
  const days = lastDays(nDays);
  const n = nCodes * nDays;
  const rnd = mulberry32(a.seed!);
  const f = (): Float64Array => new Float64Array(n);
  const raw: RawBars = {
    rows: n, codes: [], code: new Int32Array(n), date: new Int32Array(n),
    open: f(), high: f(), low: f(), close: f(), volume: f(), turnover: f(), adjFactor: f().fill(1),
    upperLimit: new Uint8Array(n), lowerLimit: new Uint8Array(n),
    adjOpen: f(), adjHigh: f(), adjLow: f(), adjClose: f(), adjVolume: f(),
  };
  for (let k = 0; k < nCodes; k++) raw.codes.push(`${1300 + k}0`);
  const shuffled = a.sorted === 2 ? shuffle(n, rnd) : null;
  const rowOf = a.sorted === 1 ? (k: number, t: number) => k * nDays + t
    : shuffled !== null ? (k: number, t: number) => shuffled[k * nDays + t]!
    : (k: number, t: number) => t * nCodes + k;
  for (let k = 0; k < nCodes; k++) {
    let prev = Math.round(100 * Math.exp(rnd() * 5)); // 100 .. 15,000 yen
    const splitAt = rnd() < 0.05 ? 1 + Math.floor(rnd() * (nDays - 1)) : -1;
    for (let t = 0; t < nDays; t++) {
      const r = rowOf(k, t);
      raw.code[r] = k;
      raw.date[r] = days[t]!;
      if (t === splitAt) { raw.adjFactor[r] = 0.5; prev = Math.round(prev / 2); }
      const c = Math.max(10, Math.round(prev * (1 + 0.03 * (rnd() - 0.5))));
      const h = Math.max(prev, c) + Math.floor(rnd() * 3);
      const l = Math.max(1, Math.min(prev, c) - Math.floor(rnd() * 3));
      const v = 100 * (1 + Math.floor(rnd() * 1000));
      raw.open[r] = prev; raw.high[r] = h; raw.low[r] = l; raw.close[r] = c; raw.volume[r] = v; raw.turnover[r] = v * c;
      prev = c;
    }
    // J-Quants' adjusted values: raw x the product of later factors, rounded to 0.1 yen.
    let F = 1;
    for (let t = nDays - 1; t >= 0; t--) {
      const r = rowOf(k, t);
      raw.adjOpen![r] = Math.round(raw.open[r]! * F * 10) / 10;
      raw.adjHigh![r] = Math.round(raw.high[r]! * F * 10) / 10;
      raw.adjLow![r] = Math.round(raw.low[r]! * F * 10) / 10;
      raw.adjClose![r] = Math.round(raw.close[r]! * F * 10) / 10;
      raw.adjVolume![r] = Math.round(raw.volume[r]! / F);
      F *= raw.adjFactor[r]!;
    }
  }
  return raw;
}

let t0 = performance.now();
const raw = makeRaw();
const generateS = (performance.now() - t0) / 1000;
const times: number[] = [];
let last: ReturnType<typeof validateRaw> | undefined;
for (let run = 0; run < a.runs!; run++) {
  t0 = performance.now();
  last = validateRaw(raw, { calendar: tseCalendar });
  times.push((performance.now() - t0) / 1000);
}
const sorted = [...times].sort((x, y) => x - y);
const median = sorted[Math.floor(sorted.length / 2)]!;
const v = last!;
const result = {
  rows: raw.rows, codes: nCodes, days: nDays, input_order: ['date,code', 'code,date', 'random'][a.sorted!] ?? 'date,code', runs: times.length,
  generate_s: +generateS.toFixed(3), check_s: times.map((x) => +x.toFixed(3)), median_s: +median.toFixed(3),
  rows_per_s: Math.round(raw.rows / median), vs_seed_50k: +(raw.rows / median / 50_000).toFixed(1),
  errors: v.errors.reduce((s, r) => s + r.count, 0), warnings: v.warnings.reduce((s, r) => s + r.count, 0),
  price_limit_checked: v.stats.priceLimit?.checked ?? 0, adjusted_compared: v.stats.adjustmentCompared, peak_rss_mib: await peakRssMiB(),
};
console.log(`quality: ${result.rows} rows (${nCodes} codes x ${nDays} days, ${result.input_order} order): median ${result.median_s} s, ${result.rows_per_s} rows/s (${result.vs_seed_50k}x the seed's 50,000), ${result.errors} errors, ${result.warnings} warnings`);
console.log(JSON.stringify(result));
