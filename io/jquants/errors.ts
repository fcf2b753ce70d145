/**
 * Every error the J-Quants client raises: one class with a stable `code`, and the messages in one place.
 * Messages name what failed and where (endpoint and query) and say what to do; they never contain the key.
 */
import type { Plan } from './plans.ts';

export type ErrorCode =
  | 'config' | 'legacy-credentials' | 'auth' | 'forbidden' | 'plan-window' | 'bad-request' | 'gone' | 'too-large'
  | 'rate-limited' | 'server' | 'network' | 'bad-response' | 'validation' | 'http' | 'cache' | 'aborted';

export type ErrorDetails = {
  status?: number;
  /** Endpoint path and query, e.g. `/equities/bars/daily?date=2026-11-20`. */
  where?: string;
  /** For `plan-window`: the dates the plan covers (ISO; `to` null = open-ended). */
  window?: { from: string; to: string | null };
  cause?: unknown;
};

/** An error of the J-Quants client; `code` is stable, the message is for people. */
export class JQuantsError extends Error {
  readonly code: ErrorCode;
  readonly status: number | undefined;
  readonly where: string | undefined;
  readonly window: { from: string; to: string | null } | undefined;
  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'JQuantsError';
    this.code = code;
    this.status = details.status;
    this.where = details.where;
    this.window = details.window;
  }
}

const KEYS_PAGE = 'https://jpx-jquants.com/dashboard/api-keys';
const PLANS_PAGE = 'https://jpx-jquants.com/#dataset';

/** Shown when only V1 credentials (e-mail and password, or a refresh token) are configured. */
export function legacyCredentialsMessage(names: readonly string[]): string {
  return `${names.join(' / ')} ${names.length > 1 ? 'are' : 'is'} set, but J-Quants API V1 (e-mail/password login and tokens) `
    + 'was discontinued on 2026-06-01 and its URLs now answer 410. gq speaks API V2, which authenticates with an API key: '
    + `sign in at https://jpx-jquants.com/, open ${KEYS_PAGE}, issue a key, and set JQUANTS_API_KEY=<key> in the `
    + 'environment or in a .env file. The key does not expire; the e-mail and password are no longer needed.';
}

/** Shown when no key is configured at all. */
export function missingKeyMessage(): string {
  return `JQUANTS_API_KEY is not set (looked in the environment and in .env). Issue an API key at ${KEYS_PAGE} `
    + 'and set JQUANTS_API_KEY=<key>; or run `gq api-standin` and point JQUANTS_API_BASE_URL at it.';
}

/** The plan window of a 400 "Your subscription covers the following dates: A ~ B." body, or null. */
export function parseCoverage(message: string): { from: string; to: string | null } | null {
  const m = /covers the following dates:\s*(\d{4}-\d{2}-\d{2})\s*~\s*(\d{4}-\d{2}-\d{2})?/.exec(message);
  return m === null ? null : { from: m[1]!, to: m[2] ?? null };
}

export type StatusContext = { where: string; plan: Plan; baseUrl: string };

/** The error for a non-retryable (or retries-exhausted) HTTP status, with the server's message made plain. */
export function statusError(status: number, serverMessage: string, ctx: StatusContext): JQuantsError {
  const said = serverMessage === '' ? '' : ` (server said: "${serverMessage}")`;
  const { where } = ctx;
  if (status === 400) {
    const w = parseCoverage(serverMessage);
    if (w !== null) {
      const span = w.to === null ? `from ${w.from} on` : `from ${w.from} to ${w.to}`;
      return new JQuantsError('plan-window',
        `J-Quants refused ${where}: your subscription covers dates ${span} only, and the request asks for dates outside `
        + `that window. Narrow the date range to the window, or choose a plan with more history (${PLANS_PAGE}). `
        + `gq is configured for the ${ctx.plan} plan.`, { status, where, window: w });
    }
    return new JQuantsError('bad-request', `J-Quants rejected ${where} as a bad request (400)${said}. Check the query parameters.`, { status, where });
  }
  if (status === 403) {
    if (/api key is required/i.test(serverMessage)) {
      return new JQuantsError('auth', `J-Quants refused ${where} (403): no API key reached the server${said}. Set JQUANTS_API_KEY.`, { status, where });
    }
    if (/invalid or expired/i.test(serverMessage)) {
      return new JQuantsError('auth', `J-Quants refused ${where} (403): the API key is invalid or has been reissued or deleted${said}. `
        + `Check JQUANTS_API_KEY, or issue a new key at ${KEYS_PAGE}.`, { status, where });
    }
    if (/does not exist/i.test(serverMessage)) {
      return new JQuantsError('forbidden', `J-Quants has no endpoint ${where} (403)${said}. Check that JQUANTS_API_BASE_URL `
        + `ends in /v2 (it is ${ctx.baseUrl}).`, { status, where });
    }
    return new JQuantsError('forbidden', `J-Quants refused ${where} (403)${said}: the ${ctx.plan} plan may not include this `
      + `endpoint (see ${PLANS_PAGE}), or the API key is wrong.`, { status, where });
  }
  if (status === 410) {
    return new JQuantsError('gone', `J-Quants answered 410 Gone for ${where}${said}: API V1 was discontinued on 2026-06-01. `
      + `Use API V2: unset JQUANTS_API_BASE_URL (default https://api.jquants.com/v2) and authenticate with JQUANTS_API_KEY.`, { status, where });
  }
  if (status === 413) {
    return new JQuantsError('too-large', `J-Quants answered 413 (response too large) for ${where}${said}. `
      + 'Ask for fewer days or codes per request.', { status, where });
  }
  if (status === 429) {
    return new JQuantsError('rate-limited', `J-Quants kept answering 429 (rate limit) for ${where} after every retry${said}. `
      + `The ${ctx.plan} plan allows a fixed number of requests per minute; lower MAX_CONCURRENT_FETCH, check that no other `
      + 'process uses the same key, and wait about 5 minutes if the key was blocked.', { status, where });
  }
  if (status >= 500) {
    return new JQuantsError('server', `J-Quants answered ${status} (server error) for ${where} after every retry${said}. Try again later.`, { status, where });
  }
  return new JQuantsError('http', `J-Quants answered HTTP ${status} for ${where}${said}.`, { status, where });
}
