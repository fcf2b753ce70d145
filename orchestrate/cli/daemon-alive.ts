/** Whether a daemon is running on a state database (its heartbeat is recent and its process exists). */
import type { State } from '../state/state.ts';

export type Heartbeat = { pid: number; owner: string; url: string | null; at: number };

/** The live daemon's heartbeat, or null. */
export function liveDaemon(state: State, now = Date.now()): Heartbeat | null {
  const hb = state.kv.get<Heartbeat>('daemon');
  if (hb === undefined || now - hb.at > 15_000) return null;
  try {
    process.kill(hb.pid, 0);
  } catch {
    return null;
  }
  return hb;
}
