/**
 * Whole responses of the feature server for requests of many codes, kept while the online store keeps the version
 * they were built at: a scoring job that asks for the same codes and features again gets the bytes it got before,
 * found by its request body before the body is even parsed. A few entries, the oldest dropped first.
 */
const ENTRIES = 4;

export type ResponseCache = {
  /** The cached response (UTF-8) for this request body, if it was built at `version`. */
  get(body: string, version: string): Buffer | undefined;
  /** Keeps a response built at `version`. */
  set(body: string, version: string, bytes: Buffer): void;
};

/** An empty cache. */
export function responseCache(): ResponseCache {
  const entries = new Map<string, { version: string; bytes: Buffer }>();
  return {
    get(body, version) {
      const e = entries.get(body);
      return e !== undefined && e.version === version ? e.bytes : undefined;
    },
    set(body, version, bytes) {
      entries.delete(body);
      entries.set(body, { version, bytes });
      if (entries.size > ENTRIES) entries.delete(entries.keys().next().value!);
    },
  };
}
