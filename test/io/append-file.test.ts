import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constants, existsSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppendFile } from '../../io/append-file.ts';

const STAGE = 65_536;

/** Deterministic bytes that differ at every position of a block, so a misplaced block shows. */
function pattern(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) { x = (x * 1103515245 + 12345) >>> 0; out[i] = x >>> 24; }
  return out;
}

function concat(pieces: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) { out.set(p, at); at += p.length; }
  return out;
}

describe('append files', () => {
  let dir = '';
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'gq-append-test-')); });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const sizes: [string, number[]][] = [
    ['an empty file', []],
    ['one byte', [1]],
    ['exactly one block', [4096]],
    ['exactly one stage', [STAGE]],
    ['pieces crossing several stages with a ragged end', [1, 5000, STAGE - 7, 3 * STAGE + 11, 0, 4095, 2 * STAGE]],
  ];
  for (const direct of [true, false]) {
    for (const [label, lengths] of sizes) {
      it(`writes ${label} byte for byte ${direct ? 'with O_DIRECT where allowed' : 'through the page cache'}`, async () => {
        const path = join(dir, `${direct ? 'd' : 'b'}-${lengths.join('_') || 'empty'}.bin`);
        const pieces = lengths.map((n, i) => pattern(n, i + 1));
        const file = await openAppendFile(path, { direct, stageBytes: STAGE });
        await file.write(pieces.slice(0, 3));
        await file.write(pieces.slice(3));
        const expected = concat(pieces);
        expect(file.bytes).toBe(expected.length);
        await file.close();
        const written = new Uint8Array(await readFile(path));
        expect(written.length).toBe(expected.length);
        expect(Buffer.compare(written, expected)).toBe(0);
      });
    }
  }

  for (const direct of [true, false]) {
    it(`writes owned memory in place or by copy, between staged bytes and zero padding (${direct ? 'O_DIRECT where allowed' : 'page cache'})`, async () => {
      const path = join(dir, `owned-${direct}.bin`);
      const memory = new Uint8Array(new WebAssembly.Memory({ initial: 4, maximum: 4, shared: true }).buffer as unknown as SharedArrayBuffer);
      const aligned = memory.subarray(0, 3 * 4096);
      aligned.set(pattern(aligned.length, 5));
      const unaligned = memory.subarray(3 * 4096 + 100, 3 * 4096 + 100 + 5000); // not page-aligned, not whole blocks
      unaligned.set(pattern(unaligned.length, 6));
      const file = await openAppendFile(path, { direct, stageBytes: STAGE });
      await file.write([pattern(10, 7)]);
      await file.padTo(4096);
      await file.writeOwned(aligned);
      await file.writeOwned(unaligned);
      await file.padTo(4096);
      await file.write([pattern(3, 8)]);
      await file.close();
      const expected = concat([pattern(10, 7), new Uint8Array(4086), aligned.slice(), unaligned.slice(), new Uint8Array(4096 - (5000 % 4096)), pattern(3, 8)]);
      expect(file.bytes).toBe(expected.length);
      expect(Buffer.compare(new Uint8Array(await readFile(path)), expected)).toBe(0);
    });
  }

  it('bypasses the page cache on a Linux disk file system and not when asked not to', async () => {
    const onDisk = await openAppendFile(join(dir, 'direct-flag.bin'), { stageBytes: STAGE });
    const buffered = await openAppendFile(join(dir, 'buffered-flag.bin'), { direct: false, stageBytes: STAGE });
    await Promise.all([onDisk.close(), buffered.close()]);
    expect(buffered.direct).toBe(false);
    const fsType = process.platform === 'linux' ? await mountType(dir) : '';
    if (['ext4', 'xfs', 'btrfs'].includes(fsType)) expect(onDisk.direct).toBe(true);
  });

  const einval = (): Error => Object.assign(new Error('EINVAL: invalid argument'), { code: 'EINVAL' });
  const refusing: [string, typeof open][] = [
    ['refuses O_DIRECT at open', async (path, flags, mode) => {
      if (typeof flags === 'number' && (flags & constants.O_DIRECT!) !== 0) throw einval();
      return open(path, flags, mode);
    }],
    ['accepts O_DIRECT at open but refuses the writes', async (path, flags, mode) => {
      const handle = await open(path, flags, mode);
      if (typeof flags !== 'number' || (flags & constants.O_DIRECT!) === 0) return handle;
      handle.write = (() => Promise.reject(einval())) as unknown as typeof handle.write;
      return handle;
    }],
  ];
  for (const [label, openFile] of refusing) {
    for (const length of [5, 3 * STAGE + 5]) {
      it.skipIf(constants.O_DIRECT === undefined)(`falls back to the page cache when the file system ${label} (${length} bytes)`, async () => {
        const path = join(dir, `fallback-${label.length}-${length}.bin`);
        const data = pattern(length, 9);
        const file = await openAppendFile(path, { stageBytes: STAGE, openFile });
        await file.write([data]);
        await file.close();
        expect(file.direct).toBe(false);
        expect(Buffer.compare(new Uint8Array(await readFile(path)), data)).toBe(0);
      });
    }
  }

  it('refuses to open a file that already exists, leaving it as it was', async () => {
    const path = join(dir, 'exists.bin');
    await writeFile(path, 'keep');
    await expect(openAppendFile(path)).rejects.toThrow(/EEXIST/);
    expect(await readFile(path, 'utf8')).toBe('keep');
  });

  it('rejects a staging size that cannot be aligned', async () => {
    await expect(openAppendFile(join(dir, 'bad-stage.bin'), { stageBytes: 5000 })).rejects.toThrow(/stageBytes must be a positive multiple of 65536, got 5000/);
    expect(existsSync(join(dir, 'bad-stage.bin'))).toBe(false);
  });

  it('leaves a discarded file closed for its owner to remove', async () => {
    const path = join(dir, 'discarded.bin');
    const file = await openAppendFile(path, { stageBytes: STAGE });
    await file.write([pattern(2 * STAGE, 3)]);
    await file.discard();
    expect((await stat(path)).size).toBeLessThanOrEqual(2 * STAGE);
    await rm(path);
  });
});

/** The file system type of the mount holding `path`, from /proc/self/mounts (longest matching mount point). */
async function mountType(path: string): Promise<string> {
  const mounts = (await readFile('/proc/self/mounts', 'utf8')).split('\n').map((l) => l.split(' '));
  let best = { point: '', type: '' };
  for (const [, point, type] of mounts) {
    if (point && type && (path === point || path.startsWith(point.endsWith('/') ? point : `${point}/`)) && point.length >= best.point.length) best = { point, type };
  }
  return best.type;
}
