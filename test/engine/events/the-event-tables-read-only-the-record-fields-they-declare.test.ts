/**
 * The margin, margin-alert and statements tables declare the record fields they read, so that the fetch can leave
 * the others out (and read long cached ranges as columns on another thread): a table built from records holding only
 * those fields is the same, byte for byte, as one built from the whole records, and no other field is ever read.
 */
import { describe, expect, it } from 'vitest';
import { tseCalendar } from '../../../engine/calendar/tse-calendar.ts';
import { parseDay } from '../../../engine/dates.ts';
import { bdOrdinals } from '../../../engine/events/bd-ordinals.ts';
import { DMI_RECORD_FIELDS, dmiTable } from '../../../engine/events/dmi-table.ts';
import { MARGIN_RECORD_FIELDS, marginTable } from '../../../engine/events/margin-table.ts';
import { STATEMENT_RECORD_FIELDS, statementsTable } from '../../../engine/events/statements-table.ts';
import type { EventTable } from '../../../kernels/asof-join.ts';
import { panelOf, readInput } from '../../kernels/events-fixture.ts';

const inp = readInput('main');
const panel = panelOf(inp);
const ordinals = bdOrdinals(tseCalendar, Math.min(panel.date[0]!, ...inp.fins_summary.map((r) => parseDay(String(r.DiscDate)))) - 400, panel.date.at(-1)! + 60);

/** The records with only `fields` (those each has). */
function projected(records: Record<string, unknown>[], fields: readonly string[]): Record<string, unknown>[] {
  return records.map((r) => Object.fromEntries(fields.filter((f) => Object.hasOwn(r, f)).map((f) => [f, r[f]])));
}

/** The records as proxies that fail the test on reading a field outside `fields`. */
function guarded(records: Record<string, unknown>[], fields: readonly string[], read: Set<string>): Record<string, unknown>[] {
  return records.map((r) => new Proxy(r, {
    get(target, key) {
      if (typeof key === 'string' && !fields.includes(key)) read.add(key);
      return target[key as string];
    },
  }));
}

function bytes(t: EventTable): string[] {
  const b = (a: ArrayBufferView): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
  return [b(t.offsets), b(t.eff), b(t.obj), b(t.ver), ...Object.entries(t.values).map(([k, v]) => `${k}:${b(v)}`)];
}

const cases = [
  { name: 'margin interest', records: inp.margin_interest, fields: MARGIN_RECORD_FIELDS, build: (r: Record<string, unknown>[]) => marginTable(r, panel.codes, ordinals, tseCalendar) },
  { name: 'margin alert', records: inp.margin_alert, fields: DMI_RECORD_FIELDS, build: (r: Record<string, unknown>[]) => dmiTable(r, panel.codes, ordinals) },
  { name: 'fins summary', records: inp.fins_summary, fields: STATEMENT_RECORD_FIELDS, build: (r: Record<string, unknown>[]) => statementsTable(r, panel.codes, ordinals) },
];

describe('the event tables and the record fields they declare', () => {
  for (const c of cases) {
    it(`builds the ${c.name} table from the declared fields alone, byte for byte`, () => {
      expect(c.records.length).toBeGreaterThan(0);
      expect(Object.keys(c.records[0]!).some((k) => !c.fields.includes(k)), 'the fixture has fields to leave out').toBe(true);
      const whole = c.build(c.records);
      const part = c.build(projected(c.records, c.fields));
      expect(bytes(part.table)).toEqual(bytes(whole.table));
      expect(part.report).toEqual(whole.report);
    });

    it(`reads no field of a ${c.name} record beyond the declared ones`, () => {
      const read = new Set<string>();
      c.build(guarded(c.records, c.fields, read));
      expect([...read]).toEqual([]);
    });
  }
});
