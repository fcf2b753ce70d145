/**
 * Whole responses of the feature server for whole-universe requests, kept while every view they read is unchanged
 * (the packed views' versions): a scoring job that asks for the same codes and features again gets the bytes it got
 * before without 280,000 numbers being written out and encoded again. Only reads of packed views (many codes) are cached; a
 * few entries, the oldest dropped first.
 */
import type { OnlineResult } from './online-features.ts';

const ENTRIES = 4;

export type ResponseCache = {
  /** The cached response (UTF-8) for this request body, if every view it read still has the version it had. */
  get(body: string, r: OnlineResult): Buffer | undefined;
  /** Keeps a response (when every view was read packed). */
  set(body: string, r: OnlineResult, bytes: Buffer): void;
};

/** An empty cache. */
export function responseCache(): ResponseCache {
  const entries = new Map<string, { versions: string; bytes: Buffer }>();
  const versionsOf = (r: OnlineResult): string | undefined => {
    const v: string[] = [];
    for (const [name, read] of r.reads) {
      if (read.version === undefined) return undefined;
      v.push(`${name}@${read.version}`);
    }
    return v.join('|');
  };
  return {
    get(body, r) {
      const e = entries.get(body);
      return e !== undefined && e.versions === versionsOf(r) ? e.bytes : undefined;
    },
    set(body, r, bytes) {
      const versions = versionsOf(r);
      if (versions === undefined) return;
      entries.delete(body);
      entries.set(body, { versions, bytes });
      if (entries.size > ENTRIES) entries.delete(entries.keys().next().value!);
    },
  };
}
