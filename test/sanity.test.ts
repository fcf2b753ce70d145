import { describe, expect, it } from 'vitest';

describe('runtime', () => {
  it('runs on Node 24 with type stripping', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
    expect(process.features.typescript).toBe('strip');
  });
});
