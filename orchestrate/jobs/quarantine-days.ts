/** Quarantined rows per day, read from a run's `<name>.quarantine.csv` (columns Code, Date, check, ...). */
import { existsSync, readFileSync } from 'node:fs';

/** Distinct quarantined (Code, Date) rows per ISO day. */
export function quarantinedByDay(path: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!existsSync(path)) return out;
  const seen = new Set<string>();
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const c1 = line.indexOf(',');
    const c2 = line.indexOf(',', c1 + 1);
    const code = line.slice(0, c1);
    const day = line.slice(c1 + 1, c2);
    const key = `${code},${day}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.set(day, (out.get(day) ?? 0) + 1);
  }
  return out;
}
