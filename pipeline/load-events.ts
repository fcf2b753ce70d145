/**
 * The event families' fetch stage (families.md §0-§4): `/equities/investor-types`, `/markets/margin-interest`,
 * `/markets/margin-alert` and `/fins/summary` for the families a run asks for, through the client (cached like bars,
 * paced by the plan, fins at its own 60/min; days not yet final are fetched again, so corrections published later
 * arrive). A plan without access leaves the family absent with the reason; the run goes on with null columns.
 * Then the records become event tables over the assembled panel, with the counts the metadata and quality record.
 */
import type { TradingCalendar } from '../engine/calendar/trading-calendar.ts';
import { formatDay, parseDay } from '../engine/dates.ts';
import { DMI_RECORD_FIELDS } from '../engine/events/dmi-table.ts';
import { buildEvents, type EventRecords, type FamilyCounts } from '../engine/events/event-sources.ts';
import { EVENT_FAMILIES, type EventFamily } from '../engine/events/join-events.ts';
import { MARGIN_RECORD_FIELDS } from '../engine/events/margin-table.ts';
import type { Rejected } from '../engine/events/parse-fields.ts';
import { STATEMENT_RECORD_FIELDS } from '../engine/events/statements-table.ts';
import type { Panel } from '../engine/panel.ts';
import type { Client } from '../io/jquants/client.ts';
import { ENDPOINTS, type EndpointName } from '../io/jquants/endpoints.ts';
import { JQuantsError } from '../io/jquants/errors.ts';
import { planHasAccess, planWindow } from '../io/jquants/plans.ts';
import { todayJst } from '../io/jquants/finality.ts';
import type { RunBus } from './events.ts';

/** Where each family comes from, and the rule that makes a record usable (families.md §1-§4). */
export const EVENT_SOURCES: Readonly<Record<EventFamily, { endpoint: EndpointName; firstData: string; lookbackDays: number; effective: string; maxAge: string }>> = {
  flows: {
    endpoint: 'investorTypes', firstData: '2008-01-16', lookbackDays: 400,
    effective: 'next TSE business day after PubDate; weeks keyed by (StDate, EnDate), latest PubDate known at t wins', maxAge: '10 business days from the week\'s first effective day',
  },
  margin: {
    endpoint: 'marginInterest', firstData: '2012-02-10', lookbackDays: 40,
    effective: 'next TSE business day after P(Date), the 2nd business day of the first week after Date\'s week with at least 2 business days', maxAge: '10 business days',
  },
  dmi: {
    endpoint: 'marginAlert', firstData: '2008-05-08', lookbackDays: 20,
    effective: 'next TSE business day after PubDate; per AppDate the latest PubDate known at t wins', maxAge: '4 business days after the effective day (N = 5)',
  },
  statements: {
    endpoint: 'finsSummary', firstData: '2008-07-07', lookbackDays: 800,
    effective: 'DiscDate when it is a business day and DiscTime is before the close (15:00; 15:30 from 2024-11-05; 11:00 on a half day), else the next business day; a missing DiscTime counts as after the close',
    maxAge: '200 calendar days after CurPerEn of the current report (PBR and equity ratio: 450)',
  },
};

/** Whether a family's source was loaded, and if not why. */
export type EventSourceState = { endpoint: string; status: 'present' | 'absent'; reason?: string; from?: string; to?: string; requests?: number };

export type LoadedEvents = { records: EventRecords; sources: Partial<Record<EventFamily, EventSourceState>> };

/** The event families among a run's families (`all` included). */
export function eventFamiliesIn(families: readonly string[]): EventFamily[] {
  return EVENT_FAMILIES.filter((f) => families.includes(f) || families.includes('all'));
}

/** Every asked-for family absent for one reason (a source without event records). */
export function absentEvents(families: readonly string[], reason: string): LoadedEvents | undefined {
  const fams = eventFamiliesIn(families);
  if (fams.length === 0) return undefined;
  return { records: {}, sources: Object.fromEntries(fams.map((f) => [f, { endpoint: ENDPOINTS[EVENT_SOURCES[f].endpoint].path, status: 'absent', reason }])) };
}

/**
 * Fetches the records of the asked-for event families over the run's loaded range plus each family's look-back
 * (52 weeks of flows, 800 days of statements, ...), within the plan's window; undefined when none is asked for.
 * `noEarlierData`: the source has nothing before the loaded range (the sample market), so no look-back is fetched.
 */
export async function loadEvents(client: Client, families: readonly string[], range: { fetchFrom: number; from: number; fetchTo: number }, codes: readonly string[] | undefined, bus: RunBus, noEarlierData = false): Promise<LoadedEvents | undefined> {
  const fams = eventFamiliesIn(families);
  if (fams.length === 0) return undefined;
  const today = todayJst(Date.now());
  // The families at once: each from its own endpoint (a warm cache reads each on a thread of its own; requests share
  // the client's pacing), then set out in family order, with the warnings of refused endpoints.
  const loaded = await Promise.all(fams.map((fam) => loadFamily(client, fam, range, codes, today, noEarlierData, bus)));
  const out: LoadedEvents = { records: {}, sources: {} };
  for (const [i, fam] of fams.entries()) {
    const r = loaded[i]!;
    if (r.records !== undefined) out.records[fam] = r.records;
    out.sources[fam] = r.state;
    if (r.warning !== undefined) bus.emit('warn', r.warning);
  }
  return out;
}

/**
 * One family's records over the run's range and look-back, or why it is absent; a plan without access is warned of at
 * once (before any request), a refused endpoint's warning is returned.
 */
async function loadFamily(
  client: Client, fam: EventFamily, range: { fetchFrom: number; from: number; fetchTo: number }, codes: readonly string[] | undefined, today: number, noEarlierData: boolean, bus: RunBus,
): Promise<{ records?: Record<string, unknown>[]; state: EventSourceState; warning?: string }> {
  const s = EVENT_SOURCES[fam];
  const e = ENDPOINTS[s.endpoint];
  if (!planHasAccess(client.plan, e.window)) {
    const reason = `the ${client.plan} plan has no access to ${e.path} (${e.window === 'light' ? 'Light' : 'Standard'} plan and above)`;
    bus.emit('warn', `${fam}: ${reason}; its columns are null`);
    return { state: { endpoint: e.path, status: 'absent', reason } };
  }
  const window = planWindow(client.plan, e.window, today)!;
  const from = Math.max(noEarlierData ? range.fetchFrom : Math.min(range.fetchFrom, range.from - s.lookbackDays), window.from, parseDay(s.firstData));
  const to = Math.min(range.fetchTo, window.to ?? range.fetchTo);
  if (from > to) {
    return { state: { endpoint: e.path, status: 'absent', reason: `no ${e.path} data in ${formatDay(range.from)}..${formatDay(range.fetchTo)} (the source starts ${s.firstData}; the plan covers from ${formatDay(window.from)})` } };
  }
  const q = { from, to, codes };
  try {
    // Only the fields the tables read (a long cached range is then read as columns on another thread).
    const r = fam === 'flows' ? await client.fetchInvestorTypes({ from, to })
      : fam === 'margin' ? await client.fetchMarginInterest({ ...q, fields: MARGIN_RECORD_FIELDS })
      : fam === 'dmi' ? await client.fetchMarginAlert({ ...q, fields: DMI_RECORD_FIELDS })
      : await client.fetchFinsSummary({ ...q, fields: STATEMENT_RECORD_FIELDS });
    return { records: r.records as unknown as Record<string, unknown>[], state: { endpoint: e.path, status: 'present', from: formatDay(from), to: formatDay(to), requests: r.requests } };
  } catch (err) {
    // The API refusing the endpoint (403: not in the subscription) makes the family absent, not the run fail.
    if (!(err instanceof JQuantsError) || err.status !== 403) throw err;
    return { state: { endpoint: e.path, status: 'absent', reason: `${e.path} refused: ${err.message}` }, warning: `${fam}: ${e.path} refused (${err.message}); its columns are null` };
  }
}

/** What the metadata records per event family. */
export type EventFamilyMetadata = EventSourceState & { effective_day?: string; max_age?: string; counts?: Omit<FamilyCounts, 'endpoint'> };

/**
 * Builds the event tables over the assembled panel (its rows' market must be set for flows) and attaches the
 * joins' inputs to it; returns the metadata per family and the quality report's parse counts and quarantine.
 */
export function attachEvents(panel: Panel, loaded: LoadedEvents, calendar: TradingCalendar, bus: RunBus): { metadata: Record<string, EventFamilyMetadata>; quality: { event_sources: Record<string, unknown>; event_quarantine: Rejected[] } } {
  const built = buildEvents(panel, loaded.records, calendar);
  panel.events = built.join;
  const metadata: Record<string, EventFamilyMetadata> = {};
  const sources: Record<string, unknown> = {};
  const quarantine: Rejected[] = [];
  for (const fam of EVENT_FAMILIES) {
    const state = loaded.sources[fam];
    if (state === undefined) continue;
    const c = built.counts[fam];
    const rule = EVENT_SOURCES[fam];
    metadata[fam] = { ...state, effective_day: rule.effective, max_age: rule.maxAge };
    if (c === undefined) continue;
    const { endpoint: _, ...counts } = c;
    metadata[fam].counts = counts;
    sources[c.endpoint] = { records: c.records, rejected: c.rejected, non_numeric_per_field: c.nonNumeric, ...c.notes };
    if (c.rejected > 0) bus.emit('warn', `${fam}: ${c.rejected} record(s) of ${c.endpoint} quarantined (see event_quarantine in the quality report)`);
  }
  for (const r of built.reports) quarantine.push(...r.rejected);
  return { metadata, quality: { event_sources: sources, event_quarantine: quarantine } };
}
