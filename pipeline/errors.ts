/** Errors a user can fix (io/gq-error.ts, where store/ reads them too). */
export { GqError, type GqErrorCode } from '../io/gq-error.ts';
