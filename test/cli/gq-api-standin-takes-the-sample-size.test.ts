import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnGq } from './run-gq.ts';

describe('gq api-standin', () => {
  it('serves a sample market of --sample-codes x --sample-days', async () => {
    const child = spawnGq(['api-standin', '--port', '0', '--sample-codes', '7', '--sample-days', '30', '--seed', '3'], mkdtempSync(join(tmpdir(), 'gq-standin-')));
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => { err += d; });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /stand-in at (http:\/\/\S+) /.exec(out);
        if (m !== null) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`api-standin exited: ${err}`)));
    });
    try {
      expect(out).toMatch(/7 codes x 30 business days/);
      const r = await fetch(`${url}/equities/master`, { headers: { 'x-api-key': 'k' } });
      const body = await r.json() as { data: unknown[] };
      expect(body.data.length).toBe(7);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
