/** Japan time (UTC+9, no daylight saving) as day numbers and minutes, the units of the calendar and the endpoint table. */
import { formatDay } from '../engine/dates.ts';

const MS_PER_DAY = 86_400_000;
const JST_MS = 9 * 3_600_000;

/** The JST calendar day (days since epoch) of an instant. */
export function jstDay(ms: number): number {
  return Math.floor((ms + JST_MS) / MS_PER_DAY);
}

/** The instant of `minutes` after 00:00 JST of `day` (minutes may pass 24 h). */
export function jstInstant(day: number, minutes: number): number {
  return day * MS_PER_DAY - JST_MS + minutes * 60_000;
}

/** `YYYY-MM-DD HH:MM JST` of an instant. */
export function formatJst(ms: number): string {
  const shifted = new Date(ms + JST_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)} JST`;
}

/** ISO day of an instant in JST. */
export function jstIso(ms: number): string {
  return formatDay(jstDay(ms));
}
