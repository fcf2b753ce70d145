/** What the Parquet and CSV sinks share: batches appended, then closed into place or aborted. */
import type { OutColumn } from './columns.ts';

export type Sink<R> = {
  append(columns: readonly OutColumn[]): Promise<void>;
  close(): Promise<R>;
  abort(err: unknown): Promise<Error>;
};

/** Writes one batch through a freshly opened sink and closes it; on failure the sink is aborted (target untouched). */
export async function writeThrough<R>(sink: Sink<R>, columns: readonly OutColumn[]): Promise<R> {
  try {
    await sink.append(columns);
  } catch (e) {
    throw await sink.abort(e);
  }
  return sink.close();
}
