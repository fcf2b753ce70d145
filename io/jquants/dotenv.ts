/** A small `.env` reader: KEY=VALUE lines, `export ` prefixes, # comments, single or double quotes. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** V1-era variables: ours from before V2, and the official Python client's. */
export const LEGACY_VARIABLES = ['JQUANTS_AUTH_EMAIL', 'JQUANTS_AUTH_PASSWORD', 'JQUANTS_API_MAIL_ADDRESS', 'JQUANTS_API_PASSWORD', 'JQUANTS_API_REFRESH_TOKEN'];

/** The variables of `<cwd>/.env`, or none when there is no such file. */
export function readDotEnv(cwd: string): Record<string, string> {
  const path = join(cwd, '.env');
  return existsSync(path) ? parseDotEnv(readFileSync(path, 'utf8')) : {};
}

/** The variables of a .env text; later lines win. Malformed lines are skipped. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (m === null) continue;
    let value = m[2]!;
    const q = value[0];
    if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      // An unquoted value ends at a comment that follows whitespace.
      value = value.replace(/\s+#.*$/, '').trim();
    }
    out[m[1]!] = value;
  }
  return out;
}
