/** The record schemas of every endpoint gq fetches, built once on first use. */
import type { EndpointName } from '../endpoints.ts';
import { recordSchemas, type FieldTable, type RecordSchemas } from './build.ts';
import { FINS_DIVIDEND, FINS_SUMMARY } from './fins-tables.ts';
import { INVESTOR_TYPES, MARGIN_ALERT, MARGIN_INTEREST } from './flow-tables.ts';
import { BARS, CALENDAR, MASTER, SESSION_KEYS, TOPIX } from './market-tables.ts';

const TABLES: Readonly<Record<EndpointName, FieldTable>> = {
  bars: BARS, topix: TOPIX, master: MASTER, calendar: CALENDAR, investorTypes: INVESTOR_TYPES,
  marginInterest: MARGIN_INTEREST, marginAlert: MARGIN_ALERT, finsSummary: FINS_SUMMARY, finsDividend: FINS_DIVIDEND,
};

const built = new Map<EndpointName, RecordSchemas>();

/** The strict and lenient schemas of an endpoint's records. */
export function schemasOf(name: EndpointName): RecordSchemas {
  let s = built.get(name);
  if (s === undefined) {
    s = recordSchemas(TABLES[name], name === 'bars' ? SESSION_KEYS : []);
    built.set(name, s);
  }
  return s;
}

/** The field table of an endpoint (the stand-in uses it to emit exactly these keys). */
export function fieldTableOf(name: EndpointName): FieldTable {
  return TABLES[name];
}
