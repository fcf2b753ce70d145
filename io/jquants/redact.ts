/** Keeps the API key out of every message, log line, event and cache file the client produces. */

const MASK = '***';

/** A function that replaces every occurrence of the secrets (raw and URL-encoded) and any x-api-key header value. */
export function makeRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s === undefined || s.length === 0) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
  }
  const list = [...forms].sort((a, b) => b.length - a.length);
  return (text: string): string => {
    let out = text;
    for (const f of list) if (out.includes(f)) out = out.split(f).join(MASK);
    // A header dump written by someone else (e.g. an undici error) may carry a key we were not told about.
    return out.replace(/(x-api-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, `$1${MASK}`);
  };
}
