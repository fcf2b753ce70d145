import { describe, expect, it } from 'vitest';
import { parseCodes, parseRunOptions } from '../../pipeline/run-options.ts';

const parse = (flags: Record<string, unknown>, env: Record<string, string> = {}, hasKey = false) => parseRunOptions(flags, env, '/tmp', ['gq', 'run'], hasKey);

describe('run options', () => {
  it('run the sample market when no key is configured, and the API when one is', () => {
    expect(parse({}).source.kind).toBe('sample');
    expect(parse({}, {}, true).source.kind).toBe('api');
    expect(parse({ sample: true }, {}, true).source.kind).toBe('sample');
  });

  it('reject a date that is not YYYY-MM-DD, naming the flag and the value', () => {
    expect(() => parse({ from: '2024-13-01' })).toThrow('--from "2024-13-01" is not a date; expected YYYY-MM-DD');
    expect(() => parse({ to: 20240101 })).toThrow('--to "20240101" is not a date');
  });

  it('reject a range that runs backwards', () => {
    expect(() => parse({ from: '2024-05-01', to: '2024-04-01' })).toThrow(/--from 2024-05-01 is after --to 2024-04-01/);
  });

  it('take the worker count from --workers, else MAX_PARALLEL_WORKERS', () => {
    expect(parse({ workers: 3 }, { MAX_PARALLEL_WORKERS: '5' }).workers).toBe(3);
    expect(parse({}, { MAX_PARALLEL_WORKERS: '5' }).workers).toBe(5);
    expect(() => parse({ workers: 0 })).toThrow('--workers 0 must be a whole number from 1 to 256');
  });

  it('normalise codes to five characters and reject what is not a code', () => {
    expect(parseCodes('7203,130A,99840')).toEqual(['72030', '130A0', '99840']);
    expect(parseCodes([7203, '9984'])).toEqual(['72030', '99840']);
    expect(() => parseCodes('72O3')).toThrow('--codes 72O3 is not a TSE code');
  });

  it('accept raw kinds for --update, and feature families only with --dataset', () => {
    expect(parse({ update: 'prices,topix' }).update).toEqual(['prices', 'topix']);
    expect(() => parse({ update: 'volatility' })).toThrow(/not a data kind .* give --dataset PATH/);
    expect(parse({ update: 'volatility', dataset: 'out/dataset.parquet' }).update).toEqual(['volatility']);
    expect(() => parse({ update: 'prices', dataset: 'x.parquet' })).toThrow(/must be a feature family/);
  });

  it('reject an unknown output format and a missing source folder', () => {
    expect(() => parse({ format: 'xlsx' })).toThrow('--format "xlsx" is not known');
    expect(() => parse({ source: 'no/such/dir' })).toThrow(/--source no\/such\/dir: no such directory/);
  });
});
