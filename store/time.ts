/**
 * Instants of the feature store, as epoch milliseconds (UTC). A dataset row's Date is a Japanese calendar day
 * (days since 1970-01-01); its availability is a wall-clock time in Japan on that day. JST has no daylight
 * saving: always UTC+9. Timestamps written without an offset are read as JST.
 */
import { formatDay } from '../engine/dates.ts';

export const MS_PER_DAY = 86_400_000;
export const JST_OFFSET_MS = 9 * 3_600_000;

/** The instant `minutes` after 00:00 JST of `day` (minutes may exceed 24 h for overnight updates). */
export function jstInstant(day: number, minutes: number): number {
  return day * MS_PER_DAY - JST_OFFSET_MS + minutes * 60_000;
}

/** The JST calendar day (days since epoch) of an instant. */
export function jstDay(ms: number): number {
  return Math.floor((ms + JST_OFFSET_MS) / MS_PER_DAY);
}

const STAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Epoch ms of an ISO-8601 timestamp: `2025-06-10T10:00:00+09:00`, `...Z`, `2025-06-10 10:00`, `2025-06-10`.
 * Without an offset the time is JST. NaN when unreadable.
 */
export function parseTimestamp(s: string): number {
  const m = STAMP.exec(s.trim());
  if (m === null) return Number.NaN;
  const [y, mo, d, h, mi, se] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return Number.NaN;
  const frac = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  const local = Date.UTC(y, mo - 1, d, h, mi, se) + frac;
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return Number.NaN;
  return local - offsetMs(m[8]);
}

function offsetMs(z: string | undefined): number {
  if (z === undefined) return JST_OFFSET_MS;
  if (z === 'Z' || z === 'z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 3_600_000 + Number(digits.slice(2) || '0') * 60_000);
}

/** An instant as JST ISO-8601 with its offset: `2025-06-10T10:00:00+09:00` (milliseconds only when not zero). */
export function formatJst(ms: number): string {
  const local = ms + JST_OFFSET_MS;
  const day = Math.floor(local / MS_PER_DAY);
  let rest = local - day * MS_PER_DAY;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const se = Math.floor(rest / 1000);
  const msPart = Math.round(rest - se * 1000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${formatDay(day)}T${p(h)}:${p(mi)}:${p(se)}${msPart === 0 ? '' : `.${p(msPart, 3)}`}+09:00`;
}

/** Minutes after midnight of `HH:MM` (hours may exceed 23: `24:30` is 00:30 the next day); NaN when unreadable. */
export function parseClock(s: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (m === null || Number(m[2]) > 59) return Number.NaN;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** `HH:MM` of minutes after midnight. */
export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
