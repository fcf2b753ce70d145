import { Readable } from 'node:stream';
import { parse } from 'fast-csv';
import { describe, expect, it } from 'vitest';
import { csvRows } from '../../../io/jquants/bulk/csv-rows.ts';

/** fast-csv's rows of `text` (the reference). */
async function reference(text: string): Promise<string[][]> {
  const out: string[][] = [];
  await new Promise<void>((resolve, reject) => {
    Readable.from([text]).pipe(parse({ headers: false, ignoreEmpty: true })).on('data', (r: string[]) => out.push(r)).on('end', () => resolve()).on('error', reject);
  });
  return out;
}

/** csvRows' rows of `text`, fed in chunks of `size` bytes (so rows, quotes and UTF-8 characters straddle chunks). */
async function ours(text: string, size: number): Promise<string[][]> {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const out: string[][] = [];
  for await (const batch of csvRows(Readable.from(chunks))) out.push(...batch);
  return out;
}

const CASES: Record<string, string> = {
  'plain bars with empty (null) cells': 'Date,Code,O,H,L,C,UL,LL,Vo,Va,AdjFactor\n2026-01-05,13010,100,101.5,99,,0,0,,,1\n2026-01-05,130A0,7,7,7,7,1,0,1200,8400,0.5\n',
  'CRLF line ends and no final newline': 'a,b,c\r\n1,2,3\r\n4,5,6',
  'quoted cells with commas, doubled quotes and newlines': 'Code,CoName,Note\n72030,"Toyota Motor, Corp.","He said ""hi"""\n99840,"two\nlines",x\n',
  'empty lines between rows and a trailing comma': 'a,b\n\n1,\n\n2,3\n',
  'multi-byte text (Japanese names)': 'Code,CoName\n72030,トヨタ自動車\n67580,"ソニーグループ,株式会社"\n',
  'a UTF-8 byte order mark': '\uFEFFDate,Code\n2026-01-05,13010\n',
};

describe('the bulk CSV reader', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`reads the same cells as fast-csv: ${name}`, async () => {
      const want = await reference(text);
      expect(want.length).toBeGreaterThan(1);
      for (const size of [1, 3, 7, 4096]) expect(await ours(text, size), `chunks of ${size}`).toEqual(want);
    });
  }

  it('refuses a file that ends inside a quoted cell', async () => {
    await expect(ours('a,b\n1,"unfinished\n', 5)).rejects.toThrow(/ends inside a quoted cell/);
  });
});
