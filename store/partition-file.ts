/**
 * A partition file written front to back in whole 4 KiB blocks, with O_DIRECT where the file system allows it (as
 * io/append-file.ts does for gq run's dataset): the bytes go from page-aligned memory to the disk without a page-cache
 * copy, which on this VM costs more CPU than encoding them. Appended pieces need not end on a block boundary: the
 * bytes since the last whole block (the `lead`) are kept and written again in front of the next piece, which the
 * caller encodes right after them (EncodePool's `lead`). Where O_DIRECT is refused, the same writes go through the
 * page cache. Written atomically: a temp file, renamed into place by `close`.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { openNew, writeAll } from '../io/append-file.ts';
import { atomicTarget, type AtomicTarget } from '../io/atomic.ts';

/** O_DIRECT wants the memory address, the length and the file offset aligned to the device's block size. */
export const BLOCK = 4096;
const WASM_PAGE = 65_536;

export type PartitionFile = {
  /** Bytes appended so far. */
  readonly length: number;
  /** The bytes since the last whole block: what the next piece must start with. */
  lead(): Uint8Array;
  /**
   * Writes `bytes` (the lead, then `length` new bytes, zero-padded to whole blocks; page-aligned memory, e.g. the
   * encode pool's) at the last block boundary. The memory may be reused once the promise settles.
   */
  append(bytes: Uint8Array, length: number): Promise<void>;
  /** Appends `tail` (any memory), cuts the file to its length and moves it into place. */
  close(tail: Uint8Array): Promise<void>;
  /** Closes and removes the temp file; the target is left as it was. */
  abort(e: unknown): Promise<void>;
  /** Whether writes bypass the page cache. */
  readonly direct: boolean;
};

/** Creates the temp file of `path` and writes `head` (e.g. the magic and zeros up to the first row group) into it. */
export async function openPartitionFile(path: string, head: Uint8Array, options: { direct?: boolean } = {}): Promise<PartitionFile> {
  const target = atomicTarget(path);
  let direct = (options.direct ?? true) && constants.O_DIRECT !== undefined;
  let handle = await openNew(open, target.temp, direct);
  if (handle === undefined) {
    direct = false;
    handle = (await openNew(open, target.temp, false))!;
  }
  let at = 0;
  let lead = new Uint8Array(0);
  let closed = false;
  const writeBlocks = async (bytes: Uint8Array, position: number): Promise<void> => {
    try {
      await writeAll(handle!, bytes, position);
    } catch (e) {
      // A file system that takes O_DIRECT at open but refuses the writes: the page cache then.
      if (!direct || (e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
      direct = false;
      await handle!.close();
      handle = await open(target.temp, 'r+');
      await writeAll(handle, bytes, position);
    }
  };
  const file: PartitionFile = {
    get length() { return at; },
    get direct() { return direct; },
    lead: () => lead,
    async append(bytes, length) {
      const end = lead.length + length;
      const blocks = Math.ceil(end / BLOCK) * BLOCK;
      if (bytes.length < blocks) throw new Error(`partition file ${target.temp}: ${bytes.length} bytes given for ${blocks}`);
      const start = at - lead.length;
      await writeBlocks(aligned(bytes.subarray(0, blocks)), start);
      const whole = Math.floor(end / BLOCK) * BLOCK;
      lead = bytes.slice(whole, end);
      at += length;
    },
    async close(tail) {
      const end = lead.length + tail.length;
      const out = alignedMemory(Math.ceil(end / BLOCK) * BLOCK);
      out.set(lead);
      out.set(tail, lead.length);
      await writeBlocks(out, at - lead.length);
      at += tail.length;
      await handle!.truncate(at);
      closed = true;
      await handle!.close();
      await target.commit();
    },
    async abort(e) {
      if (!closed) { closed = true; await handle!.close().catch(() => undefined); }
      await target.abort(e);
    },
  };
  try {
    const first = alignedMemory(Math.ceil(head.length / BLOCK) * BLOCK);
    first.set(head);
    await file.append(first, head.length);
  } catch (e) {
    await file.abort(e);
    throw e;
  }
  return file;
}

/** `bytes` if it lies in page-aligned memory (a shared WebAssembly.Memory's), else a copy in such memory. */
function aligned(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer instanceof SharedArrayBuffer && bytes.byteOffset % BLOCK === 0) return bytes;
  const out = alignedMemory(bytes.length);
  out.set(bytes);
  return out;
}

/** `bytes` zeros (bytes a multiple of BLOCK) in page-aligned memory: WebAssembly memory, which V8 maps with mmap. */
function alignedMemory(bytes: number): Uint8Array {
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / WASM_PAGE)) });
  return new Uint8Array(memory.buffer, 0, bytes);
}
