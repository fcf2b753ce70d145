/**
 * A digest of a module's source and of every project module it imports, transitively: what a file derived from the
 * module's output is keyed by, so that any change of the code that made it makes the file stale.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const IMPORT = /\bfrom\s+'(\.{1,2}\/[^']+\.ts)'/g;

/** SHA-256 (hex) of the source of `entry` (a file URL) and of the relative `.ts` imports it reaches. */
export function sourceDigest(entry: URL): string {
  const hash = createHash('sha256');
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    const text = readFileSync(url, 'utf8');
    hash.update(`${url.pathname.split('/').slice(-2).join('/')}\n${text.length}\n`);
    hash.update(text);
    for (const m of text.matchAll(IMPORT)) queue.push(new URL(m[1]!, url));
  }
  return hash.digest('hex');
}
