import { describe, expect, it } from 'vitest';
import { joinListFlags } from '../../cli/argv.ts';

describe('list flags', () => {
  it('take several space-separated values, as users type them', () => {
    expect(joinListFlags(['node', 'gq', 'run', '--codes', '7203', '9984', '130A0', '--workers', '2'])).toEqual(['node', 'gq', 'run', '--codes', '7203,9984,130A0', '--workers', '2']);
    expect(joinListFlags(['run', '--update', 'prices', 'topix'])).toEqual(['run', '--update', 'prices,topix']);
  });

  it('leave other flags and a bare list flag alone', () => {
    expect(joinListFlags(['run', '--codes', '--verbose'])).toEqual(['run', '--codes', '--verbose']);
  });
});
