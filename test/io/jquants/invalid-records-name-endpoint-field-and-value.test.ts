import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../io/jquants/client.ts';
import { JQuantsError } from '../../../io/jquants/errors.ts';
import { fastClient } from './helpers.ts';

const GOOD_BAR = { Date: '2026-11-20', Code: '72030', O: 100, H: 110, L: 95, C: 105, UL: '0', LL: '0', Vo: 1000, Va: 104500, AdjFactor: 1, AdjO: 100, AdjH: 110, AdjL: 95, AdjC: 105, AdjVo: 1000 };

/** Answers each path with the records queued for it, in one page. */
let answers: Record<string, unknown[] | object> = {};
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname.replace(/^\/v2/, '');
    const a = answers[path];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(Array.isArray(a) ? { data: a } : a));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
});
afterAll(() => {
  server.close();
});

async function fails(path: string, body: unknown[] | object): Promise<JQuantsError> {
  answers = { [path]: body };
  const c = createClient(fastClient(url));
  try {
    await c.get(path, { date: '2026-11-20' });
  } catch (e) {
    expect(e).toBeInstanceOf(JQuantsError);
    return e as JQuantsError;
  } finally {
    await c.close();
  }
  throw new Error('expected a validation failure');
}

describe('record validation', () => {
  it('a bad value names the endpoint, the record, the field and the value', async () => {
    const e = await fails('/equities/bars/daily', [GOOD_BAR, { ...GOOD_BAR, Code: '67580', O: 'abc' }]);
    expect(e.code).toBe('validation');
    expect(e.message).toContain('/equities/bars/daily');
    expect(e.message).toContain('record #1 (Code 67580, Date 2026-11-20)');
    expect(e.message).toContain('field O = "abc"');
    expect(e.message).toContain('expected a number, a numeric string, "" or null');
  });

  it('a bad Premium-only value is caught too', async () => {
    const e = await fails('/equities/bars/daily', [{ ...GOOD_BAR, MO: 1, MH: 'high' }]);
    expect(e.message).toContain('field MH = "high"');
  });

  it('a missing field and a nested field are named by their path', async () => {
    const { Code: _drop, ...noCode } = GOOD_BAR;
    expect((await fails('/equities/bars/daily', [noCode])).message).toContain('field Code missing');
    const alert = {
      PubDate: '2026-11-20', Code: '72030', AppDate: '2026-11-19',
      PubReason: { Restricted: '7', DailyPublication: '1', Monitoring: '0', RestrictedByJSF: '0', PrecautionByJSF: '0', UnclearOrSecOnAlert: '0' },
      ShrtOut: 1, ShrtOutChg: '-', ShrtOutRatio: '*', LongOut: 2, LongOutChg: 3, LongOutRatio: 0.1, SLRatio: 50,
      ShrtNegOut: 0, ShrtNegOutChg: 0, ShrtStdOut: 1, ShrtStdOutChg: 0, LongNegOut: 1, LongNegOutChg: 0, LongStdOut: 1, LongStdOutChg: 0, TSEMrgnRegCls: '001',
    };
    const e = await fails('/markets/margin-alert', [alert]);
    expect(e.message).toContain('/markets/margin-alert');
    expect(e.message).toContain('(Code 72030, PubDate 2026-11-20)');
    expect(e.message).toContain('field PubReason.Restricted = "7"');
  });

  it('numbers as strings, numeric flags and "" are normalised; unknown keys and absent Premium keys pass', async () => {
    answers = {
      '/equities/bars/daily': [
        { ...GOOD_BAR, O: '100.5', Vo: '1000', UL: 1, MktCap: 123, ExRT: 'x' },
        { ...GOOD_BAR, Code: '130A0', O: null, H: null, L: null, C: null, Vo: null, Va: null, MO: 1, MUL: '0' },
        { ...GOOD_BAR, Code: '99840', MktCap: 5 },
      ],
      '/fins/summary': [{ DiscDate: '2026-11-20', DiscTime: '15:00:00', Code: '72030', DiscNo: '1', DocType: 'FY', Sales: '100529000000', EPS: '66.76', OdP: '' }],
    };
    const c = createClient(fastClient(url));
    const bars = (await c.get('/equities/bars/daily', { date: '2026-11-20' })) as Record<string, unknown>[];
    const fins = (await c.get('/fins/summary', { date: '2026-11-20' })) as Record<string, unknown>[];
    await c.close();
    expect(bars[0]).toMatchObject({ O: 100.5, Vo: 1000, UL: '1' });
    expect(bars[0]).not.toHaveProperty('MktCap'); // normalised records keep the known keys only
    expect(bars[1]).toMatchObject({ Code: '130A0', O: null, MO: 1, MUL: '0' });
    expect(bars[2]).toMatchObject({ Code: '99840', MktCap: 5 }); // a record of the documented types is kept as parsed
    expect(fins[0]).toMatchObject({ Sales: 100529000000, EPS: 66.76, OdP: null });
  });

  it('a 200 without a data array is a bad response, not retried', async () => {
    const e = await fails('/equities/bars/daily', { daily_quotes: [] });
    expect(e.code).toBe('bad-response');
    expect(e.message).toContain('without a "data" array');
  });
});
