/**
 * Reads cache files whole into one buffer that is reused from file to file. A fresh buffer per file would cost a
 * page fault per 4 KiB on first touch, which on a VM is most of the price of reading a warm cache (~5 ms per MB).
 * The bytes handed out are valid only until the next read of the same reader.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isAscii } from 'node:buffer';

export type FileReader = {
  /** The whole file's bytes, a view of the reused buffer (valid until the next call). */
  bytes(path: string): Buffer;
  /** The whole file as text (UTF-8), and whether it was all ASCII. */
  text(path: string): { text: string; ascii: boolean };
};

/** A reader with an empty buffer; it grows to the largest file read. */
export function fileReader(): FileReader {
  let scratch = Buffer.allocUnsafeSlow(0);
  const bytes = (path: string): Buffer => {
    const fd = openSync(path, 'r');
    try {
      let size = fstatSync(fd).size;
      let at = 0;
      for (;;) {
        // One byte more than the size: a file that grew since the stat is read to its end all the same.
        if (scratch.length < size + 1) {
          // allocUnsafeSlow: a buffer of its own at offset 0, so 8-byte columns in it stay aligned.
          const next = Buffer.allocUnsafeSlow(Math.max(size + 1, Math.ceil(scratch.length * 1.5)));
          scratch.copy(next, 0, 0, at);
          scratch = next;
        }
        const n = readSync(fd, scratch, at, scratch.length - at, at);
        if (n === 0) break;
        at += n;
        if (at === scratch.length) size = at; // full: grow and go on
      }
      return scratch.subarray(0, at);
    } finally {
      closeSync(fd);
    }
  };
  return {
    bytes,
    text(path) {
      const b = bytes(path);
      // ASCII bytes are the same string in Latin-1, which V8 builds much faster than it decodes UTF-8.
      const ascii = isAscii(b);
      return { text: ascii ? b.toString('latin1') : b.toString('utf8'), ascii };
    },
  };
}
