/**
 * Fault injection, seeded: each request draws from a mulberry32 stream, so a given seed and request order
 * always give the same faults. Kinds: `error` (a 500/502/503/504), `slow` (the answer is delayed), `drop`
 * (the connection is closed with no answer), `truncate` (half of the body, then the connection closes).
 */
import { mulberry32 } from './prng.ts';

export type FaultKind = 'error' | 'slow' | 'drop' | 'truncate';
/** Every fault kind. */
export const FAULT_KINDS: readonly FaultKind[] = ['error', 'slow', 'drop', 'truncate'];
const ERROR_STATUS = [500, 502, 503, 504];

export type Fault = { kind: FaultKind; status: number };

/** A fault source: each call decides the fate of one request (null = served normally). */
export function makeFaults(rate: number, kinds: readonly FaultKind[], seed: number): () => Fault | null {
  if (!(rate >= 0 && rate <= 1)) throw new Error(`stand-in: faults must be a rate in [0, 1] (got ${rate})`);
  if (kinds.length === 0) throw new Error('stand-in: faultKinds is empty');
  const next = mulberry32(seed);
  return (): Fault | null => {
    if (rate === 0 || next() >= rate) return null;
    const kind = kinds[Math.floor(next() * kinds.length)]!;
    return { kind, status: kind === 'error' ? ERROR_STATUS[Math.floor(next() * ERROR_STATUS.length)]! : 200 };
  };
}

/** The body of an injected 5xx: the documented 500 text, API Gateway's texts otherwise. */
export function faultBody(status: number): object {
  if (status === 500) return { message: 'Unexpected error. Please try again later.' };
  if (status === 502) return { message: 'Internal server error' };
  if (status === 503) return { message: 'Service Unavailable' };
  return { message: 'Endpoint request timed out' };
}
