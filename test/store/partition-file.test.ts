import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLOCK, openPartitionFile } from '../../store/partition-file.ts';

/** Deterministic bytes that differ at every position of a block, so a misplaced block shows. */
function pattern(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) { x = (x * 1103515245 + 12345) >>> 0; out[i] = x >>> 24; }
  return out;
}

/** What an encoder hands the file: its lead, then the piece, zero-padded to whole blocks, in page-aligned shared memory. */
function led(lead: Uint8Array, piece: Uint8Array): Uint8Array {
  const blocks = Math.ceil((lead.length + piece.length) / BLOCK) * BLOCK;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(blocks / 65_536)), maximum: Math.max(1, Math.ceil(blocks / 65_536)), shared: true });
  const out = new Uint8Array(memory.buffer as unknown as SharedArrayBuffer, 0, blocks);
  out.set(lead);
  out.set(piece, lead.length);
  return out;
}

describe('partition files', () => {
  let dir = '';
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'gq-partition-file-test-')); });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const cases: [string, number[]][] = [
    ['no piece', []],
    ['pieces that end mid-block', [1, 5000, 4095, 3 * BLOCK + 11]],
    ['pieces of whole blocks', [BLOCK, 2 * BLOCK]],
    ['a piece inside one block', [100, 200]],
  ];
  for (const direct of [true, false]) {
    for (const [label, lengths] of cases) {
      it(`writes the head, ${label} and the tail byte for byte ${direct ? 'with O_DIRECT where allowed' : 'through the page cache'}`, async () => {
        const path = join(dir, `${direct ? 'd' : 'b'}-${lengths.join('_') || 'none'}.parquet`);
        const head = pattern(BLOCK, 9);
        const pieces = lengths.map((n, i) => pattern(n, i + 1));
        const tail = pattern(777, 99);
        const file = await openPartitionFile(path, head, { direct });
        for (const p of pieces) {
          await file.append(led(file.lead(), p), p.length);
        }
        expect(existsSync(path)).toBe(false); // only the temp file until close
        await file.close(tail);
        const expected = Buffer.concat([head, ...pieces, tail]);
        const written = await readFile(path);
        expect(written.length).toBe(expected.length);
        expect(Buffer.compare(written, expected)).toBe(0);
      });
    }
  }

  it('keeps the bytes since the last whole block as the lead of the next piece', async () => {
    const file = await openPartitionFile(join(dir, 'lead.parquet'), pattern(10, 3));
    expect(file.lead()).toEqual(pattern(10, 3));
    const piece = pattern(BLOCK, 4);
    await file.append(led(file.lead(), piece), piece.length);
    expect(file.length).toBe(10 + BLOCK);
    expect(file.lead()).toEqual(piece.subarray(BLOCK - 10));
    await file.abort(new Error('test'));
  });

  it('leaves no file behind when aborted', async () => {
    const sub = await mkdtemp(join(dir, 'abort-'));
    const file = await openPartitionFile(join(sub, 'x.parquet'), pattern(BLOCK, 1));
    await file.append(led(file.lead(), pattern(5000, 2)), 5000);
    await file.abort(new Error('test'));
    expect(await readdir(sub)).toEqual([]);
  });

  it('refuses a piece given fewer bytes than its blocks', async () => {
    const file = await openPartitionFile(join(dir, 'short.parquet'), pattern(100, 1));
    await expect(file.append(new Uint8Array(BLOCK), BLOCK)).rejects.toThrow(/bytes given for/);
    await file.abort(new Error('test'));
  });
});
