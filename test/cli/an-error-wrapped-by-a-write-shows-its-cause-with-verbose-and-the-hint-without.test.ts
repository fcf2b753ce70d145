/** A programming error wrapped by the write it broke (io/atomic.ts names the file): --verbose shows its stack too. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportError } from '../../cli/report-error.ts';

function wrapped(): Error {
  let inner: TypeError;
  try {
    (undefined as unknown as number[])[0];
    throw new Error('unreachable');
  } catch (e) {
    inner = e as TypeError;
  }
  return new Error(`cannot write out/dataset.parquet: ${inner.message}`, { cause: inner });
}

function printed(err: Error, verbose: boolean): string {
  let text = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { text += String(s); return true; });
  try {
    expect(reportError(err, verbose)).toBe(2);
  } finally {
    spy.mockRestore();
  }
  return text;
}

afterEach(() => vi.restoreAllMocks());

describe('reporting an error that wraps another', () => {
  it('prints the cause and its stack with --verbose', () => {
    const text = printed(wrapped(), true);
    expect(text).toMatch(/^gq: cannot write out\/dataset\.parquet: Cannot read properties of undefined/);
    expect(text).toMatch(/caused by: TypeError: Cannot read properties of undefined \(reading '0'\)\n\s+at wrapped/);
  });

  it('gives the hint to run with --verbose when the cause is a programming error', () => {
    const text = printed(wrapped(), false);
    expect(text).toContain('(run with --verbose for the stack trace)');
    expect(text).not.toContain('caused by');
  });

  it('gives no hint for an error of the user\'s input', () => {
    expect(printed(new Error('--from 2024-13-01 is not a date'), false)).toBe('gq: --from 2024-13-01 is not a date\n');
  });
});
