/** What gq eval and gq train print on the terminal: where the files are and the strongest features. */
import { plural } from '../io/plural.ts';
import type { EvalReport } from './summarize.ts';
import type { TrainResult } from './train/run-train.ts';

/** A number with `digits` decimals, or "n/a" when undefined (NaN: too few days for a standard deviation). */
function fixed(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : 'n/a';
}

/** Top features by |mean rank IC|, with the days it is over, and the files. */
export function printEvalSummary(r: EvalReport, files: Record<string, string>, seconds: number): string {
  const top = [...r.features].filter((f) => Number.isFinite(f.rankIc.mean)).sort((a, b) => Math.abs(b.rankIc.mean) - Math.abs(a.rankIc.mean)).slice(0, 5);
  const lines = [`gq eval: ${plural(r.features.length, 'feature')} x ${plural(r.dates.length, 'date')} (${plural(r.rows, 'row')}) against ${r.target} in ${seconds.toFixed(1)} s on ${r.workers} workers`];
  for (const f of top) lines.push(`  ${f.name.padEnd(24)} rank IC ${fixed(f.rankIc.mean, 4).padStart(8)}  t ${fixed(f.rankIc.t, 2).padStart(7)}  ${String(f.rankIc.n).padStart(5)} day${f.rankIc.n === 1 ? '' : 's'}`);
  if (top.length === 0) lines.push(`  no feature has a rank IC on any date (each needs 3 codes with the feature and ${r.target}, neither constant)`);
  for (const [k, v] of Object.entries(files)) lines.push(`  ${k.padEnd(6)} ${v}`);
  return `${lines.join('\n')}\n`;
}

/** The walk-forward's years and the prediction's rank IC. */
export function printTrainSummary(r: TrainResult, seconds: number): string {
  const p = r.report.features[0];
  const lines = [`gq train: ridge on ${plural(r.features.length, 'feature')}, ${plural(r.model.refits.length, 'yearly refit')}, ${plural(r.predictedRows, 'out-of-sample row')} in ${seconds.toFixed(1)} s`];
  for (const m of r.model.refits) lines.push(`  ${m.year}: trained on ${m.trainRows} rows up to ${m.trainLastDate} (gap ${r.model.gap} dates)`);
  if (r.model.skippedYears.length > 0) lines.push(`  not predicted: ${r.model.skippedYears.join(', ')} (fewer training rows than features + 1)`);
  if (p !== undefined) lines.push(`  prediction rank IC ${fixed(p.rankIc.mean, 4)} (t ${fixed(p.rankIc.t, 2)}, ${p.rankIc.n} days)`);
  for (const [k, v] of Object.entries(r.files)) lines.push(`  ${k.padEnd(11)} ${v}`);
  return `${lines.join('\n')}\n`;
}
