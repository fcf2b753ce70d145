/**
 * Leak and universe tests of families.md §10.1 and §10.5 for the families of issue 15 (a158, sector,
 * cross_section, target_rank), through the feature pool (per-code pass, then the per-date pass):
 * - perturbing every record after a cut day t (bars, TOPIX, master snapshots; scaled, nulled, deleted, added) leaves
 *   every non-target column of every row dated <= t byte-identical;
 * - perturbing only code B's rows after t leaves every other code's rows <= t byte-identical;
 * - a run over a subset of codes reproduces every universe-independent column byte for byte, and a code delisted
 *   mid-fixture is ranked on its dates.
 */
import { describe, expect, it } from 'vitest';
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { computeFeatures } from '../../engine/compute-features.ts';
import { formatDay } from '../../engine/dates.ts';
import { masterAsOf, type MasterRow } from '../../engine/master-asof.ts';
import type { BarRecord, TopixRecord } from '../../engine/raw-bars.ts';
import { rawBarsFromRecords, topixFromRecords } from '../../engine/raw-from-records.ts';
import { ALL_FEATURES } from '../../kernels/registry.ts';
import { generateMarket } from '../../io/sample/market.ts';
import { masterRecordOn } from '../../io/sample/master-history.ts';
import { makePrng } from '../../io/sample/prng.ts';
import { barRecord, topixRecords } from '../../io/sample/records.ts';

const FAMILIES = ['a158', 'sector', 'cross_section', 'target_rank'];
const UNIVERSE_DEPENDENT = new Set(['sector', 'cross_section', 'target_rank']);

const market = generateMarket({ codes: 60, days: 130, seed: 7, withAdjusted: false });
const BARS: BarRecord[] = Array.from({ length: market.bars.rows }, (_, i) => barRecord(market, i));
const TOPIX: TopixRecord[] = topixRecords(market, market.days[0]!, market.days[market.days.length - 1]!);
const MASTER: MasterRow[] = [];
for (let di = 0; di < market.days.length; di += 3) {
  for (let k = 0; k < market.master.length; k++) {
    const rel = di - market.firstDay[k]!;
    if (rel < 0 || rel >= market.offsets[k + 1]! - market.offsets[k]!) continue;
    const r = masterRecordOn(market.master, market.masterChanges, k, di);
    MASTER.push({ Date: formatDay(market.days[di]!), Code: r.Code, S33: r.S33, Mkt: r.Mkt });
  }
}

type Run = { key: Map<string, number>; date: Int32Array; codeOf: string[]; columns: Record<string, Float64Array> };

async function run(bars: BarRecord[], topix: TopixRecord[], master: MasterRow[], workers = 1): Promise<Run> {
  const { panel } = assemblePanel(rawBarsFromRecords(bars), topixFromRecords(topix));
  Object.assign(panel, masterAsOf(panel, master));
  const { columns } = await computeFeatures(panel, { workers, families: FAMILIES });
  const key = new Map<string, number>();
  const codeOf: string[] = [];
  for (let i = 0; i < panel.rows; i++) {
    const c = panel.codes[panel.code[i]!]!;
    codeOf.push(c);
    key.set(`${c} ${panel.date[i]}`, i);
  }
  return { key, date: panel.date, codeOf, columns };
}

/** Columns that differ between two runs on rows chosen by `pick` (matched by code and date), as "column code date". */
function differences(a: Run, b: Run, names: string[], pick: (code: string, date: number) => boolean): string[] {
  const out: string[] = [];
  for (const [k, i] of a.key) {
    const [code, d] = [a.codeOf[i]!, a.date[i]!];
    if (!pick(code, d)) continue;
    const j = b.key.get(k);
    if (j === undefined) { out.push(`row ${code} ${formatDay(d)} missing`); continue; }
    for (const n of names) if (!Object.is(a.columns[n]![i], b.columns[n]![j])) { out.push(`${n} ${code} ${formatDay(d)}`); break; }
    if (out.length > 5) break;
  }
  return out;
}

/** Bars, TOPIX and master with every record after day t perturbed (only code `only`'s bars when given). */
function perturb(t: number, seed: number, only?: string): { bars: BarRecord[]; topix: TopixRecord[]; master: MasterRow[] } {
  const rng = makePrng(seed);
  const bars: BarRecord[] = [];
  for (const r of BARS) {
    const d = Date.parse(`${r.Date}T00:00:00Z`) / 86400000;
    if (d <= t || (only !== undefined && r.Code !== only)) { bars.push(r); continue; }
    const u = rng.next();
    if (u < 0.05) continue; // deleted
    if (u < 0.15) { bars.push({ ...r, O: null, H: null, L: null, C: null, Vo: null, Va: null }); continue; } // no trade
    const s = 0.5 + rng.next();
    const n = (x: number | null | undefined): number | null => (x == null ? null : Math.round(x * s * 10) / 10);
    bars.push({ ...r, O: n(r.O), H: n(r.H), L: n(r.L), C: n(r.C), Vo: r.Vo == null ? null : Math.round(r.Vo * (0.2 + 2 * rng.next())), Va: r.Va == null ? null : Math.round(r.Va * s) });
  }
  if (only === undefined) {
    // a code listed after t
    for (const r of BARS) if (r.Code === BARS[0]!.Code && Date.parse(`${r.Date}T00:00:00Z`) / 86400000 > t) bars.push({ ...r, Code: '99970' });
  }
  const topix = only !== undefined ? TOPIX : TOPIX.map((r) => (Date.parse(`${r.Date}T00:00:00Z`) / 86400000 > t ? { ...r, C: r.C == null ? null : r.C * 1.07 } : r));
  const master = only !== undefined ? MASTER : MASTER.flatMap((r) => {
    if (Date.parse(`${r.Date}T00:00:00Z`) / 86400000 <= t) return [r];
    return rng.next() < 0.1 ? [] : [{ ...r, S33: rng.next() < 0.5 ? '3050' : '9999', Mkt: '0113' }, { ...r, Code: '99970', S33: '3050' }];
  });
  return { bars, topix, master };
}

const FEATURE_NAMES = ALL_FEATURES.filter((f) => FAMILIES.includes(f.family) && f.kind === 'f64').map((f) => f.name);
const NON_TARGET = FEATURE_NAMES.filter((n) => !n.startsWith('target_'));

describe('the per-code and per-date families are leak-free and universe-aware', async () => {
  const base = await run(BARS, TOPIX, MASTER, 2);
  const days = market.days;
  const cuts = [days[30]!, days[61]!, days[62]!, days[100]!];
  for (const m of market.masterChanges.slice(0, 2)) cuts.push(days[m.day - 1]!, days[m.day]!);

  it('computes values in every family (so the comparisons below can fail)', () => {
    for (const n of FEATURE_NAMES) expect(base.columns[n]!.some((v) => !Number.isNaN(v)), n).toBe(true);
  });

  it('gives the same bits with one worker as with two', async () => {
    const one = await run(BARS, TOPIX, MASTER, 1);
    expect(differences(base, one, FEATURE_NAMES, () => true)).toEqual([]);
  });

  for (const [i, t] of cuts.entries()) {
    it(`leaves every non-target column of rows up to ${formatDay(t)} unchanged when everything after it is perturbed`, async () => {
      const p = perturb(t, 100 + i);
      const after = await run(p.bars, p.topix, p.master);
      expect(differences(base, after, NON_TARGET, (_c, d) => d <= t)).toEqual([]);
      // the perturbation does reach the rows after t
      expect(differences(base, after, NON_TARGET, (_c, d) => d > t).length).toBeGreaterThan(0);
    });
  }

  it("leaves code A's rows up to t unchanged when only code B's later rows are perturbed", async () => {
    const t = days[70]!;
    const b = BARS.find((r) => r.Code === market.bars.codes[5])!.Code;
    const p = perturb(t, 7, b);
    const after = await run(p.bars, p.topix, p.master);
    expect(differences(base, after, NON_TARGET, (c, d) => c !== b && d <= t)).toEqual([]);
    // after t the other codes' cross-sectional columns see B's new values
    expect(differences(base, after, NON_TARGET.filter((n) => n.startsWith('cs_')), (c, d) => c !== b && d > t).length).toBeGreaterThan(0);
  });

  it('reproduces every universe-independent column byte for byte over a subset of codes, and ranks a delisted code on its dates', async () => {
    const keep = new Set(market.bars.codes.filter((_c, k) => k % 3 === 0));
    const sub = await run(BARS.filter((r) => keep.has(r.Code)), TOPIX, MASTER);
    const independent = ALL_FEATURES.filter((f) => f.kind === 'f64' && !UNIVERSE_DEPENDENT.has(f.family) && f.name in sub.columns).map((f) => f.name);
    expect(independent.length).toBeGreaterThan(158);
    expect(differences(base, sub, independent, (c) => keep.has(c))).toEqual([]);
    const dependent = FEATURE_NAMES.filter((n) => n.startsWith('cs_'));
    expect(differences(base, sub, dependent, (c) => keep.has(c)).length).toBeGreaterThan(0);
    const last = days[days.length - 1]!;
    let delisted = -1;
    for (let i = 0; i < base.date.length - 1; i++) if (base.codeOf[i] !== base.codeOf[i + 1] && base.date[i]! < last && base.date[i]! > days[20]!) { delisted = i; break; }
    expect(delisted, 'the sample has a code delisted mid-fixture').toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(base.columns.cs_rank_returns_1d![delisted]!)).toBe(false);
  });
});
