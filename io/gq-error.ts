/**
 * Errors a user can fix, with a stable code and the fix in the message. The CLI prints `gq: <message>` on one line
 * and exits non-zero; `--verbose` adds the stack. Defined here, below pipeline/ and store/, so both can raise them
 * (pipeline/errors.ts re-exports it).
 */
export type GqErrorCode =
  | 'BAD_DATE' | 'BAD_RANGE' | 'UNKNOWN_CODE' | 'BAD_CODE' | 'MISSING_KEY' | 'OUTPUT_NOT_WRITABLE' | 'BAD_OPTION'
  | 'SOURCE_MISSING' | 'SOURCE_INVALID' | 'DATASET_INVALID' | 'NO_DATA' | 'BAD_CACHE';

export class GqError extends Error {
  readonly code: GqErrorCode;
  constructor(code: GqErrorCode, message: string) {
    super(message);
    this.name = 'GqError';
    this.code = code;
  }
}
