/**
 * Error bodies of the V2 API, word for word where the spec quotes them (spec §4.2). Wordings the spec marks
 * unconfirmed are the stand-in's own and say so.
 */
export const MSG = {
  noKey: 'The api key is required.',
  badKey: 'The incoming api key is invalid or expired.',
  noEndpoint: 'The requested endpoint does not exist.',
  missingCodeDate: 'This API requires at least 1 parameter as follows; date, code',
  tooMany: 'Too Many Requests', // unconfirmed: the common mock body
  serverError: 'Unexpected error. Please try again later.',
  badCode: "'code' must be 4 or 5 digits.",
  fromAfterTo: "'from' must be older than 'to'",
  v1Gone: 'J-QuantsはV2に移行しました。',
  // Stand-in wordings (the spec has no verbatim text for these):
  notInPlan: 'This API is not available on your subscription plan.',
  badDate: (name: string): string => `'${name}' must be a date in YYYYMMDD or YYYY-MM-DD format.`,
  badPaginationKey: "'pagination_key' is invalid.",
  badHolDiv: "'hol_div' must be one of 0, 1, 2, 3.",
};

/** The 410 body every V1 URL answers since the shutdown (spec §0). */
export const V1_GONE_BODY = { message: MSG.v1Gone, migration_url: 'https://jpx-jquants.com/ja/spec/migration-v1-v2' };
