/** Shared helpers of the J-Quants client tests: a small market, a stand-in on an ephemeral port, fast client options. */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDay } from '../../../engine/dates.ts';
import type { ClientOptions } from '../../../io/jquants/client.ts';
import { generateMarket, type SampleMarket } from '../../../io/sample/market.ts';

/** 20 codes x 30 business days ending 2026-11-20 (the sample default end). */
export function smallMarket(codes = 20, days = 30): SampleMarket {
  return generateMarket({ codes, days, seed: 7 });
}

/** First and last market day, ISO. */
export function spanOf(m: SampleMarket): { from: string; to: string } {
  return { from: formatDay(m.days[0]!), to: formatDay(m.days[m.days.length - 1]!) };
}

/** Client options for tests: no pacing, tiny backoff, many retries, a clock well after the market's last day. */
export function fastClient(baseUrl: string, extra: Partial<ClientOptions> = {}): ClientOptions {
  return {
    apiKey: 'test-key-0123456789', baseUrl, plan: 'premium', pacing: false, retries: 12, retryDelayMs: 2, maxRetryDelayMs: 20,
    lockoutMs: 50, now: () => Date.parse('2026-12-01T00:00:00Z'), ...extra,
  };
}

/** A fresh temp folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `gq-${prefix}-`));
}

/** Records as a canonical string: sorted by Code then date field, so two runs compare whatever the order. */
export function canonical(records: readonly Record<string, unknown>[], dateField = 'Date'): string {
  const rows = records.map((r) => JSON.stringify(r, Object.keys(r).sort()));
  const keyOf = (r: Record<string, unknown>): string => `${String(r.Code ?? '')}|${String(r[dateField])}|${JSON.stringify(r)}`;
  const order = records.map((r, i) => [keyOf(r), i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return order.map(([, i]) => rows[i]).join('\n');
}

/** Every file under `dir` with its bytes as text. */
export function allFiles(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: p, text: readFileSync(p, 'latin1') });
    }
  };
  walk(dir);
  return out;
}
