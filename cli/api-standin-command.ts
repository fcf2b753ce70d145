/**
 * `gq api-standin --port N [--key K] [--plan P] [--faults RATE]`: serves the sample market as a local stand-in
 * of the J-Quants API V2 until interrupted. Point the client at it with JQUANTS_API_BASE_URL.
 */
import { formatDay } from '../engine/dates.ts';
import { JQuantsError } from '../io/jquants/errors.ts';
import { todayJst } from '../io/jquants/finality.ts';
import { isPlan } from '../io/jquants/plans.ts';
import { startStandin, type Standin } from '../io/jquants/standin/server.ts';
import { generateMarket } from '../io/sample/market.ts';
import { standinHint } from './standin-hint.ts';

export type ApiStandinFlags = {
  port?: number | string;
  key?: string | number;
  plan?: string;
  faults?: number | string;
  /** Sample market size (defaults as `gq run --sample`: 200 codes x 300 days, seed 42). */
  codes?: number | string;
  days?: number | string;
  seed?: number | string;
};

const DEFAULT_PORT = 8787;

/** Starts the stand-in for the flags, prints where it listens, and stops it on SIGINT/SIGTERM. */
export async function runApiStandin(flags: ApiStandinFlags): Promise<Standin> {
  const port = intFlag(flags.port, 'port', DEFAULT_PORT, 0, 65535);
  const plan = String(flags.plan ?? 'premium').toLowerCase();
  if (!isPlan(plan)) throw new JQuantsError('config', `api-standin: --plan ${plan} is not a plan; use free, light, standard or premium`);
  const faults = flags.faults === undefined ? 0 : Number(flags.faults);
  if (!(faults >= 0 && faults <= 1)) throw new JQuantsError('config', `api-standin: --faults ${String(flags.faults)} must be a rate between 0 and 1, e.g. 0.1`);
  // cac turns a numeric-looking value into a number; the key is a string whatever it looks like.
  const key = flags.key === undefined || flags.key === '' ? undefined : String(flags.key);
  const codes = intFlag(flags.codes, 'codes', 200, 1, 8000);
  const days = intFlag(flags.days, 'days', 300, 1, 10_000);
  const seed = intFlag(flags.seed, 'seed', 42, 0, 2 ** 31 - 1);
  const market = generateMarket({ codes, days, seed });
  const s = await startStandin({ port, key, plan, faults, market });
  const first = market.days[0]!;
  const last = market.days[market.days.length - 1]!;
  const hint = standinHint({
    url: s.url, plan, keyRequired: key !== undefined, first, last, codes: market.bars.codes, market: `${codes}x${days}-seed${seed}`, today: todayJst(Date.now()),
  });
  process.stdout.write(
    `J-Quants API V2 stand-in at ${s.url} (plan ${plan}; ${codes} codes x ${days} business days, ${formatDay(first)} to ${formatDay(last)}; `
    + `${key === undefined ? 'any non-empty API key' : 'only the key given with --key'}; faults ${faults})\n`
    + `${hint}Ctrl-C stops it.\n`,
  );
  const stop = (): void => {
    void s.close().then(() => process.stdout.write(`stand-in stopped after ${s.stats.requests} request(s)\n`));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return s;
}

function intFlag(v: number | string | undefined, name: string, dflt: number, min: number, max: number): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new JQuantsError('config', `api-standin: --${name} ${String(v)} must be an integer from ${min} to ${max}`);
  return n;
}
