import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareOutFolder } from '../../eval/out-folder.ts';
import { gq } from '../cli/run-gq.ts';
import { goldenParquet } from './golden-case.ts';

let dataset: string;
let dir: string;

beforeAll(async () => {
  dataset = await goldenParquet();
  dir = dirname(dataset);
  writeFileSync(join(dir, 'a-file'), 'x');
});

describe('the output folder of gq eval and gq train', () => {
  it('--out /proc/x is refused at once, naming --out, where mkdir -p used to spin forever', () => {
    expect(() => prepareOutFolder('/proc/x/eval', true, '')).toThrow(/^--out \/proc\/x\/eval: cannot be created \(ENOENT on \/proc\/x\)$/);
  });

  it('a file where the folder, or a folder above it, should be is named', () => {
    expect(() => prepareOutFolder(join(dir, 'a-file'), true, '')).toThrow(/--out .*a-file: is a file, not a folder$/);
    expect(() => prepareOutFolder(join(dir, 'a-file', 'sub'), true, '')).toThrow(/--out .*a-file\/sub: .*a-file is a file, not a folder$/);
  });

  it('the default folder, when refused, is named with how to choose another', () => {
    expect(() => prepareOutFolder(join(dir, 'a-file'), false, 'eval/ next to the dataset'))
      .toThrow(/^the output folder .*a-file \(eval\/ next to the dataset; choose another with --out DIR\): is a file, not a folder$/);
  });

  it('gq eval says so in one line and exits 2 before reading the dataset', async () => {
    const r = await gq(['eval', '--dataset', dataset, '--out', join(dir, 'a-file'), '--no-html'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gq: --out .*a-file: is a file, not a folder\n$/);
  });

  it('a failed gq train removes the folders it made for --out, and leaves a folder that was there', async () => {
    mkdirSync(join(dir, 'kept'));
    const failed = await gq(['train', '--dataset', dataset, '--out', join(dir, 'kept', 'new', 'deeper'), '--features', 'f_signal', '--gap', '100000', '--no-html'], dir);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/no out-of-sample rows/);
    expect(existsSync(join(dir, 'kept', 'new'))).toBe(false);
    expect(existsSync(join(dir, 'kept'))).toBe(true);
  });
});
