/**
 * The peer bench's shared input: the sample market written once as two Parquet files that every tool reads.
 * bars.parquet holds raw J-Quants V2 daily-bar columns (Code, Date, O, H, L, C, UL, LL, Vo, Va, AdjFactor;
 * unadjusted, nulls on no-trade days, sorted by Code then Date as a per-code cache would be); topix.parquet holds
 * the TOPIX series (Date, O, H, L, C). The TOPIX join is left to each tool, as it is part of the work.
 */
import { join } from 'node:path';
import { writeParquet } from '../../io/parquet/index.ts';
import { generateMarket } from '../../io/sample/market.ts';

export type InputFiles = { bars: string; topix: string; rawRows: number; bytes: number; generateS: number; writeS: number; sectors?: string };

/** Generates the market for codes x days and writes it under `dir`; the market is dropped before returning. */
export async function writeInput(dir: string, codes: number, days: number, seed: number, withSectors = false): Promise<InputFiles> {
  let t = performance.now();
  const m = generateMarket({ codes, days, seed, withAdjusted: false });
  const generateS = (performance.now() - t) / 1000;
  const b = m.bars;
  t = performance.now();
  const bars = join(dir, 'bars.parquet');
  const topix = join(dir, 'topix.parquet');
  const wb = await writeParquet(bars, [
    { name: 'Date', kind: 'date', values: b.date },
    { name: 'Code', kind: 'dict', indices: b.code, dictionary: b.codes },
    { name: 'O', kind: 'f64', values: b.open },
    { name: 'H', kind: 'f64', values: b.high },
    { name: 'L', kind: 'f64', values: b.low },
    { name: 'C', kind: 'f64', values: b.close },
    { name: 'UL', kind: 'bool', values: b.upperLimit },
    { name: 'LL', kind: 'bool', values: b.lowerLimit },
    { name: 'Vo', kind: 'f64', values: b.volume },
    { name: 'Va', kind: 'f64', values: b.turnover },
    { name: 'AdjFactor', kind: 'f64', values: b.adjFactor },
  ], { createdBy: 'gq peer bench' });
  const tx = m.topix;
  const wt = await writeParquet(topix, [
    { name: 'Date', kind: 'date', values: tx.date },
    { name: 'O', kind: 'f64', values: tx.open },
    { name: 'H', kind: 'f64', values: tx.high },
    { name: 'L', kind: 'f64', values: tx.low },
    { name: 'C', kind: 'f64', values: tx.close },
  ], { createdBy: 'gq peer bench' });
  // sectors.parquet (Code, S33 as a string): each code's Sector33 on the market's last day, static over the run, for
  // the sector family (the master's history is the pipeline's concern, not the bench's).
  let sectors: string | undefined;
  let ws = 0;
  if (withSectors) {
    sectors = join(dir, 'sectors.parquet');
    const s33 = new Map(m.master.map((r) => [r.Code, r.S33]));
    const names = [...new Set(b.codes.map((c) => s33.get(c) ?? '9999'))].sort();
    const at = new Map(names.map((n, i) => [n, i]));
    ws = (await writeParquet(sectors, [
      { name: 'Code', kind: 'dict', indices: Int32Array.from(b.codes, (_, i) => i), dictionary: b.codes },
      { name: 'S33', kind: 'dict', indices: Int32Array.from(b.codes, (c) => at.get(s33.get(c) ?? '9999')!), dictionary: names },
    ], { createdBy: 'gq peer bench' })).bytes;
  }
  return { bars, topix, rawRows: b.rows, bytes: wb.bytes + wt.bytes + ws, generateS, writeS: (performance.now() - t) / 1000, sectors };
}
