import { describe, expect, it } from 'vitest';
import { float32Text } from '../../../io/csv/cell-text.ts';

describe('float32Text', () => {
  it('prints the shortest decimal that reads back to the same float32', () => {
    const f = Math.fround;
    expect(float32Text(f(0.1))).toBe('0.1');
    expect(float32Text(f(1 / 3))).toBe('0.33333334');
    expect(float32Text(f(100.25))).toBe('100.25');
    expect(float32Text(f(16777216))).toBe('16777216.0');
    expect(float32Text(-2)).toBe('-2.0');
    expect(float32Text(f(3.4028234663852886e38))).toBe('3.4028235e+38');
  });

  it('reads back to the same float32 for many values', () => {
    let seed = 3;
    for (let k = 0; k < 10_000; k++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const x = Math.fround(((seed / 0x7fffffff) - 0.5) * 10 ** ((k % 20) - 10));
      const text = float32Text(x);
      expect(Math.fround(Number(text))).toBe(x);
      expect(text.length).toBeLessThanOrEqual(String(x).length + 2);
    }
  });
});
