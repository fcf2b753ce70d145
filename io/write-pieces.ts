/** Appending byte pieces to an open file with writev, tolerating short writes (used by the Parquet and CSV writers). */

import type { FileHandle } from 'node:fs/promises';

// Stay below IOV_MAX (1024 on Linux) per call.
const MAX_PIECES = 512;

/** Writes every piece, in order, at the file's current position. */
export async function writePieces(handle: FileHandle, pieces: readonly Uint8Array[]): Promise<void> {
  for (let i = 0; i < pieces.length; i += MAX_PIECES) {
    let batch = pieces.slice(i, i + MAX_PIECES);
    let left = 0;
    for (const piece of batch) left += piece.length;
    while (left > 0) {
      const { bytesWritten } = await handle.writev(batch);
      left -= bytesWritten;
      if (left > 0) batch = skipBytes(batch, bytesWritten);
    }
  }
}

function skipBytes(pieces: Uint8Array[], count: number): Uint8Array[] {
  let k = 0;
  let rest = count;
  while (rest >= pieces[k].length) rest -= pieces[k++].length;
  return [pieces[k].subarray(rest), ...pieces.slice(k + 1)];
}
