/**
 * The event benches' input: the sample market's panel (with each code's section from one master snapshot) and the
 * stand-in's records of the four event families over it (flows with corrections, weekly margin, daily alerts,
 * statements; hard cases included).
 */
import { assemblePanel } from '../engine/assemble-panel.ts';
import { formatDay } from '../engine/dates.ts';
import { masterAsOf } from '../engine/master-asof.ts';
import type { Panel } from '../engine/panel.ts';
import { investorTypeCorrections, marginAlertRecordsOn, summaryRecordsOn } from '../io/jquants/standin/synthetic/event-cases.ts';
import { investorTypeRecords } from '../io/jquants/standin/synthetic/investor-types.ts';
import { marginInterestRecord } from '../io/jquants/standin/synthetic/margin.ts';
import { viewOf } from '../io/jquants/standin/market-view.ts';
import { generateMarket } from '../io/sample/market.ts';

type Records = Record<string, unknown>[];

export type EventInput = { panel: Panel; flows: Records; margin: Records; alert: Records; fins: Records };

/** The panel of a `codes` x `days` sample market and the event records the stand-in serves for it. */
export function eventBenchInput(codes: number, days: number): EventInput {
  const m = generateMarket({ codes, days, withAdjusted: false });
  const { panel } = assemblePanel(m.bars, m.topix);
  const v = viewOf(m);
  const first = m.days[0]!;
  const last = m.days[m.days.length - 1]!;
  const plain = investorTypeRecords(v, first, last + 30, null, last + 30);
  const flows = [...plain, ...investorTypeCorrections(v, plain, first, last + 30, last + 30)];
  const margin: Records = [];
  const alert: Records = [];
  const fins: Records = [];
  for (let k = 0; k < m.bars.codes.length; k++) {
    for (let w = 0; w < v.weeks.length; w++) { const r = marginInterestRecord(v, k, w); if (r !== null) margin.push(r); }
    for (let di = 0; di < m.days.length; di++) {
      alert.push(...marginAlertRecordsOn(v, k, di));
      fins.push(...summaryRecordsOn(v, k, di));
    }
  }
  // One snapshot per code dated on the first day, so every row has a section (the benches time joins, not the master).
  Object.assign(panel, masterAsOf(panel, m.master.map((r) => ({ Date: formatDay(first), Code: r.Code, Mkt: r.Mkt }))));
  return { panel, flows, margin, alert, fins };
}
