/**
 * Record validation at the boundary, one record at a time (spec libraries §A5: per-record checks beat
 * v.array, and v.object ignores unknown keys). A record of the documented wire types passes the strict
 * schema and is kept as parsed; otherwise the lenient schema normalises it (numeric strings, "" for null)
 * or the page fails with an error naming the endpoint, the record, the field and the value.
 */
import * as v from 'valibot';
import type { Endpoint } from './endpoints.ts';
import { JQuantsError } from './errors.ts';
import { schemasOf } from './schemas/index.ts';

/** Validates `data` in place (lenient fixes replace their record) and returns it; throws a `validation` JQuantsError. */
export function validateRecords(endpoint: Endpoint, data: unknown[], where: string): Record<string, unknown>[] {
  const { strict, premium, premiumKeys, lenient } = schemasOf(endpoint.name);
  for (let i = 0; i < data.length; i++) {
    const r = data[i];
    if (v.is(strict, r) && (premium === null || !hasAny(r as Record<string, unknown>, premiumKeys) || v.is(premium, r))) continue;
    const res = v.safeParse(lenient, r);
    if (res.success) {
      data[i] = res.output;
      continue;
    }
    throw new JQuantsError('validation', describe(endpoint, where, i, r, res.issues), { where });
  }
  return data as Record<string, unknown>[];
}

function hasAny(r: Record<string, unknown>, keys: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) if (r[keys[i]!] !== undefined) return true;
  return false;
}

function describe(endpoint: Endpoint, where: string, i: number, r: unknown, issues: readonly v.BaseIssue<unknown>[]): string {
  const rec = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
  const id = ['Code', endpoint.dateField].filter((k) => typeof rec[k] === 'string').map((k) => `${k} ${rec[k] as string}`).join(', ');
  const parts = issues.slice(0, 3).map((issue) => {
    const field = v.getDotPath(issue) ?? '(record)';
    const value = issue.input === undefined ? 'missing' : `= ${show(issue.input)}`;
    return `field ${field} ${value}: ${issue.message}`;
  });
  const more = issues.length > 3 ? `; and ${issues.length - 3} more` : '';
  return `J-Quants ${endpoint.path} sent an invalid record #${i}${id === '' ? '' : ` (${id})`} in ${where}: ${parts.join('; ')}${more}.`;
}

function show(x: unknown): string {
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
