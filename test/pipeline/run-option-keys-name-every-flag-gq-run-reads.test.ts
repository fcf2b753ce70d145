import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUN_OPTION_KEYS } from '../../pipeline/run-options.ts';

/** Flags the option parser reads (`flags.name`), from its source: what a daemon config's `pipeline` may set. */
function flagsRead(file: string): string[] {
  const text = readFileSync(new URL(`../../pipeline/${file}`, import.meta.url), 'utf8');
  return [...text.matchAll(/\bflags\.([A-Za-z][A-Za-z0-9]*)(?![A-Za-z0-9.'])/g)].map((m) => m[1]!);
}

describe('RUN_OPTION_KEYS (the daemon config keys of a pipeline)', () => {
  it('names every flag the run options are parsed from, so a new gq run flag is not refused in a daemon config', () => {
    const read = new Set([...flagsRead('run-options.ts'), ...flagsRead('update-flags.ts')]);
    expect(read.size).toBeGreaterThan(20);
    expect([...read].filter((k) => !RUN_OPTION_KEYS.includes(k)).sort()).toEqual([]);
  });
});
