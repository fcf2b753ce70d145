/** What gq eval and gq train print on the terminal: where the files are and the strongest features. */
import type { EvalReport } from './summarize.ts';
import type { TrainResult } from './train/run-train.ts';

/** Top features by |mean rank IC| and the files. */
export function printEvalSummary(r: EvalReport, files: Record<string, string>, seconds: number): string {
  const top = [...r.features].filter((f) => Number.isFinite(f.rankIc.mean)).sort((a, b) => Math.abs(b.rankIc.mean) - Math.abs(a.rankIc.mean)).slice(0, 5);
  const lines = [`gq eval: ${r.features.length} features x ${r.dates.length} dates (${r.rows} rows) against ${r.target} in ${seconds.toFixed(1)} s on ${r.workers} workers`];
  for (const f of top) lines.push(`  ${f.name.padEnd(24)} rank IC ${f.rankIc.mean.toFixed(4).padStart(8)}  t ${f.rankIc.t.toFixed(2).padStart(7)}`);
  for (const [k, v] of Object.entries(files)) lines.push(`  ${k.padEnd(6)} ${v}`);
  return `${lines.join('\n')}\n`;
}

/** The walk-forward's years and the prediction's rank IC. */
export function printTrainSummary(r: TrainResult, seconds: number): string {
  const p = r.report.features[0];
  const lines = [`gq train: ridge on ${r.features.length} features, ${r.model.refits.length} yearly refits, ${r.predictedRows} out-of-sample rows in ${seconds.toFixed(1)} s`];
  for (const m of r.model.refits) lines.push(`  ${m.year}: trained on ${m.trainRows} rows up to ${m.trainLastDate} (gap ${r.model.gap} dates)`);
  if (p !== undefined) lines.push(`  prediction rank IC ${p.rankIc.mean.toFixed(4)} (t ${p.rankIc.t.toFixed(2)}, ${p.rankIc.n} days)`);
  for (const [k, v] of Object.entries(r.files)) lines.push(`  ${k.padEnd(11)} ${v}`);
  return `${lines.join('\n')}\n`;
}
