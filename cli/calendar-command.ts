/** `gq calendar --from --to [--closed]`. */
import { calendarLines } from './calendar-lines.ts';
import { GqError } from '../pipeline/errors.ts';

/** Prints the business (or closed) days of the range. */
export function runCalendar(flags: Record<string, unknown>): void {
  if (flags.from === undefined || flags.to === undefined) throw new GqError('BAD_OPTION', 'gq calendar needs --from YYYY-MM-DD and --to YYYY-MM-DD');
  const lines = calendarLines(String(flags.from), String(flags.to), flags.closed === true);
  process.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
}
