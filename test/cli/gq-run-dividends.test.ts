import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gq } from './run-gq.ts';

const SAMPLE = ['--sample-codes', '5', '--sample-days', '40', '--format', 'csv'];

function closes(file: string): { code: string; date: string; close: number }[] {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const h = lines[0]!.split(',');
  const ci = h.indexOf('Close');
  return lines.slice(1).map((l) => { const c = l.split(','); return { code: c[0]!, date: c[1]!, close: Number(c[ci]) }; });
}

describe('gq run --dividends', () => {
  it('scales every earlier price by 1 - D / previous close, leaves later ones, and records it in the metadata', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-div-'));
    const plain = await gq(['run', ...SAMPLE, '--output', 'plain'], dir);
    expect(plain.code, plain.stderr).toBe(0);
    const rows = closes(join(dir, 'plain', 'dataset.csv'));
    const code = rows[0]!.code;
    const mine = rows.filter((r) => r.code === code);
    const ex = mine[20]!;
    const prev = mine[19]!.close;
    writeFileSync(join(dir, 'div.csv'), `Code,ExDate,Amount\n${code},${ex.date},${(prev * 0.02).toFixed(1)}\n`);
    const adj = await gq(['run', ...SAMPLE, '--dividends', 'div.csv', '--output', 'adj'], dir);
    expect(adj.code, adj.stderr).toBe(0);
    const d = 1 - Number((prev * 0.02).toFixed(1)) / prev;
    const after = closes(join(dir, 'adj', 'dataset.csv')).filter((r) => r.code === code);
    for (let i = 0; i < mine.length; i++) {
      const want = i < 20 ? mine[i]!.close * d : mine[i]!.close;
      expect(Math.abs(after[i]!.close - want) / want, `${mine[i]!.date}`).toBeLessThan(1e-12);
    }
    const meta = JSON.parse(readFileSync(join(dir, 'adj', 'dataset.metadata.json'), 'utf8'));
    expect(meta.adjustments.dividends.applied).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'plain', 'dataset.metadata.json'), 'utf8')).adjustments.dividends).toBe('off');
  });

  it('names a dividends file that lacks a column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-div-'));
    writeFileSync(join(dir, 'bad.csv'), 'Code,Amount\n72030,10\n');
    const r = await gq(['run', ...SAMPLE, '--dividends', 'bad.csv'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gq: --dividends .*bad.csv row 1: needs Code, ExDate and Amount/);
  });
});
