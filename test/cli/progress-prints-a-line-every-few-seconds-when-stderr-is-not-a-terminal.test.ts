import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderProgress } from '../../cli/progress.ts';
import { createBus } from '../../pipeline/events.ts';

/** A stream that is not a terminal and keeps what was written. */
function plainStream(): { lines: () => string[]; write: (s: string) => boolean; isTTY: false } {
  let text = '';
  return { isTTY: false, write: (s: string) => { text += s; return true; }, lines: () => text.split('\n').filter((l) => l !== '') };
}

afterEach(() => vi.useRealTimers());

describe('progress when stderr is not a terminal', () => {
  it('prints where a long stage is every few seconds, and nothing after it ends', () => {
    vi.useFakeTimers();
    const out = plainStream();
    const bus = createBus();
    const finish = renderProgress(bus, out as unknown as NodeJS.WriteStream, false, 5000);
    bus.emit('stage:start', { stage: 'fetch', total: 400, unit: 'requests' });
    bus.emit('stage:progress', { stage: 'fetch', done: 100, total: 400, unit: 'requests' });
    vi.advanceTimersByTime(4999);
    expect(out.lines()).toEqual(['fetch: started (400 requests)']);
    vi.advanceTimersByTime(1);
    bus.emit('stage:progress', { stage: 'fetch', done: 300, total: 400, unit: 'requests' });
    vi.advanceTimersByTime(5000);
    expect(out.lines().slice(1)).toEqual(['fetch: running for 5 s 100/400 requests (25%)', 'fetch: running for 10 s 300/400 requests (75%)']);
    bus.emit('stage:end', { stage: 'fetch', ms: 11_000 });
    vi.advanceTimersByTime(60_000);
    expect(out.lines().slice(3)).toEqual(['fetch: done in 11.00 s']);
    finish();
  });

  it('keeps a stage without progress events alive in the log too', () => {
    vi.useFakeTimers();
    const out = plainStream();
    const bus = createBus();
    const finish = renderProgress(bus, out as unknown as NodeJS.WriteStream, false, 5000);
    bus.emit('stage:start', { stage: 'assemble', total: 10, unit: 'rows' });
    vi.advanceTimersByTime(15_000);
    expect(out.lines().slice(1)).toEqual(['assemble: running for 5 s', 'assemble: running for 10 s', 'assemble: running for 15 s']);
    finish();
    vi.advanceTimersByTime(15_000);
    expect(out.lines().length).toBe(4);
  });
});
