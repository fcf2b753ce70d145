/**
 * The dataset's columns in output order, as writer columns over the panel and feature buffers (no copy, except
 * Float32 on request): Code, Date, the split-adjusted bar, the two flags, then every feature of the registry.
 * `--float32` narrows the features only: prices, volume and turnover stay DOUBLE (a float32 turnover of 2e10 yen is
 * off by up to 1e3 yen, and a price loses its tick).
 */
import type { Panel } from '../engine/panel.ts';
import { sharedF32 } from '../engine/shared.ts';
import type { FeatureDef } from '../kernels/feature-def.ts';
import type { OutColumn } from '../io/columns.ts';

/** Writer columns for rows [start, end) of the panel (subarray views, so a batch is written without copying). */
export function datasetColumns(
  panel: Panel, plan: readonly FeatureDef[], features: Record<string, Float64Array>, float32: boolean, start = 0, end = panel.rows,
): OutColumn[] {
  const f = (name: string, v: Float64Array): OutColumn =>
    float32 ? { name, kind: 'f32', values: toFloat32(v.subarray(start, end)) } : { name, kind: 'f64', values: v.subarray(start, end) };
  const bar = (name: string, v: Float64Array): OutColumn => ({ name, kind: 'f64', values: v.subarray(start, end) });
  const cols: OutColumn[] = [
    { name: 'Code', kind: 'dict', indices: panel.code.subarray(start, end), dictionary: panel.codes },
    { name: 'Date', kind: 'date', values: panel.date.subarray(start, end) },
    bar('Open', panel.open), bar('High', panel.high), bar('Low', panel.low), bar('Close', panel.close),
    bar('Volume', panel.volume), bar('TurnoverValue', panel.turnover),
    { name: 'is_traded', kind: 'bool', values: panel.traded.subarray(start, end) },
  ];
  for (const d of plan) {
    if (d.kind === 'i8') cols.push({ name: d.name, kind: 'i8', values: panel.limit.subarray(start, end) });
    else cols.push(f(d.name, features[d.name]!));
  }
  return cols;
}

/** A Float32 copy over a SharedArrayBuffer, so encoding workers can read it without another copy. */
function toFloat32(v: Float64Array): Float32Array {
  const out = sharedF32(v.length, 0);
  out.set(v);
  return out;
}
