/** What a stand-in route receives and answers. */
import type { Plan, WindowKind } from '../../plans.ts';
import type { MarketView } from '../market-view.ts';

/** Records of an answer, built on demand so a page only materialises its own records. */
export type Rows = { length: number; at(i: number): object };

export type Answer =
  | { kind: 'data'; rows: Rows; paginate: boolean }
  /** A bare JSON object instead of the `data` envelope (`/bulk/get` answers `{url}`). */
  | { kind: 'object'; body: object }
  | { kind: 'error'; status: number; body: object };

export type RouteContext = {
  v: MarketView;
  plan: Plan;
  /** The stand-in's today (days since epoch). */
  today: number;
  /** Emit the Premium-only morning/afternoon keys on daily bars. */
  sessions: boolean;
  q: URLSearchParams;
};

export type Route = {
  /** Path under /v2. */
  path: string;
  /** The window (and access) kind that gates it. */
  window: WindowKind;
  /** Counted against the 60/min cap of fins/summary and fins/details (spec §4.3). */
  finsCap: boolean;
  handle(ctx: RouteContext): Answer | Promise<Answer>;
};

/** Rows over a ready array. */
export function arrayRows(a: readonly object[]): Rows {
  return { length: a.length, at: (i: number) => a[i]! };
}

/** A 400 answer. */
export function bad(message: string): Answer {
  return { kind: 'error', status: 400, body: { message } };
}
