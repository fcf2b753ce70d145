/**
 * Unknown bars: a quarantined bar on a valid business day stays in the panel as a (Code, Date) row with null OHLCV,
 * so every window containing it is not full. This counts what that cost in the written rows, for the quality report.
 */
import type { Panel } from '../engine/panel.ts';

/**
 * Feature cells nulled by unknown bars in these rows: for each run of null-close rows (an unknown bar and the
 * no-trade days after it, whose close is unknown too), the null cells of each feature from its first row until the
 * feature is non-null again within the code. Columns already null on the row before the run are not counted.
 */
export function countNulledCells(panel: Panel, features: Record<string, Float64Array>): { rows: number; cells: number } {
  const { close, offsets } = panel;
  const cols = Object.values(features);
  let rows = 0;
  let cells = 0;
  for (let k = 0; k + 1 < offsets.length; k++) {
    const end = offsets[k + 1]!;
    for (let i = offsets[k]!; i < end; i++) {
      if (close[i] === close[i]) continue;
      rows++;
      if (i > offsets[k]! && close[i - 1] !== close[i - 1]) continue; // inside a run already counted
      for (const col of cols) {
        if (i > offsets[k]! && col[i - 1] !== col[i - 1]) continue;
        for (let j = i; j < end && col[j] !== col[j]; j++) cells++;
      }
    }
  }
  return { rows, cells };
}
