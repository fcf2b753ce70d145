/** Public API of the J-Quants V2 client. */
export { createClient, normaliseCode } from './client.ts';
export type { Client, ClientOptions, ClientStats, CodeDateArgs, DayInput, FetchResult, RangeArgs } from './client.ts';
export { loadConfig, DEFAULT_BASE_URL } from './config.ts';
export type { JQuantsConfig } from './config.ts';
export { barsToColumns, topixToSeries } from './columns.ts';
export { JQuantsError } from './errors.ts';
export type { ErrorCode } from './errors.ts';
export { formatEvent } from './events.ts';
export type { ClientEvent } from './events.ts';
export type { FetchPlan, Strategy } from './planner.ts';
export { PLAN_RATE, PLANS } from './plans.ts';
export type { Plan } from './plans.ts';
export type * from './records.ts';
