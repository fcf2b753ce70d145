/** Records cut down to some of their fields. */

/** Each record with only those of `fields` it has, in the record's own key order. */
export function project(records: readonly Record<string, unknown>[], fields: readonly string[]): Record<string, unknown>[] {
  const want = new Set(fields);
  return records.map((r) => {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(r)) {
      if (!want.has(k)) continue;
      if (k === '__proto__') Object.defineProperty(out, k, { value: r[k], enumerable: true, writable: true, configurable: true });
      else out[k] = r[k];
    }
    return out;
  });
}
