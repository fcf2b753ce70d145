/**
 * The one-way rule of the design card: cli -> orchestrate -> {pipeline, store, eval} -> io -> engine -> kernels, and
 * kernels import nothing of the project. Every relative import (static or dynamic) of every source file is resolved to
 * its top-level folder and checked against the folders below its own (pipeline/errors.ts' GqError lives in io/ so
 * that store/ can raise it too).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const BELOW: Record<string, string[]> = {
  kernels: [],
  engine: ['kernels'],
  io: ['engine', 'kernels'],
  pipeline: ['io', 'engine', 'kernels'],
  store: ['io', 'engine', 'kernels'],
  eval: ['io', 'engine', 'kernels'],
  orchestrate: ['pipeline', 'store', 'eval', 'io', 'engine', 'kernels'],
  cli: ['orchestrate', 'pipeline', 'store', 'eval', 'io', 'engine', 'kernels'],
};
// Module imports only: a file a module reads or a process it starts (new URL('../../cli/gq.ts', ...)) is not one.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*)'(\.{1,2}\/[^']+)'/g;

/** Source files below `dir` (node_modules and hidden folders skipped). */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

/** `folder/file: imports other/...` for every import that reaches a folder not below the file's own. */
function breaches(folder: string): string[] {
  const out: string[] = [];
  for (const file of sources(join(ROOT, folder))) {
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = relative(ROOT, resolve(dirname(file), m[1]!)).split(sep)[0]!;
      if (target !== folder && !BELOW[folder]!.includes(target)) out.push(`${relative(ROOT, file)}: imports ${m[1]}`);
    }
  }
  return out;
}

describe('the project folders', () => {
  it.each(Object.keys(BELOW))('%s imports only the folders below it', (folder) => {
    expect(breaches(folder)).toEqual([]);
  });

  it('finds a breach when there is one (the check itself is not blind)', () => {
    const line = `import { x } from '../cli/gq.ts';`;
    const found = [...line.matchAll(IMPORT)].map((m) => relative(ROOT, resolve(join(ROOT, 'kernels'), m[1]!)).split(sep)[0]);
    expect(found).toEqual(['cli']);
  });
});
