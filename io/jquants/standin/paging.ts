/**
 * Pagination of the stand-in: opaque keys of the documented shape `value1.value2.` (here: the next offset
 * and a checksum of the query), different on every page and valid only for the query that produced them.
 */
import { hashInts } from './hash.ts';

/** A checksum of the query without its pagination key. */
export function queryChecksum(params: URLSearchParams): string {
  const pairs = [...params].filter(([k]) => k !== 'pagination_key').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  const codes: number[] = [];
  for (let i = 0; i < text.length; i++) codes.push(text.charCodeAt(i));
  return hashInts(...codes).toString(36);
}

/** The key for the page starting at `offset`. */
export function makeKey(offset: number, checksum: string): string {
  return `${offset.toString(36)}.${checksum}.`;
}

/** The offset a key points at, or null when the key is malformed or belongs to another query. */
export function readKey(key: string, checksum: string): number | null {
  const m = /^([0-9a-z]+)\.([0-9a-z]+)\.$/.exec(key);
  if (m === null || m[2] !== checksum) return null;
  const n = Number.parseInt(m[1]!, 36);
  return Number.isFinite(n) && n > 0 ? n : null;
}
