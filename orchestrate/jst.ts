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

/**
 * A publication time given as minutes after 00:00 JST of a partition's day, as a clock time: `16:30 JST`, or
 * `08:00 JST next day` past midnight (the master of day d is published at 08:00 on d+1, i.e. 32 h after 00:00 of d).
 */
export function publicationTime(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const m = minutes - days * 1440;
  const hm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')} JST`;
  return days === 0 ? hm : days === 1 ? `${hm} next day` : `${hm} ${days} days later`;
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
