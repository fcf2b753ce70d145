/**
 * cac gives every `--no-x` option the default `true` (x is on unless negated) and prints it in the help as
 * "(default: true)" next to an option whose use is to turn x off, which reads as if the option were on by default.
 */
import type { CAC } from 'cac';

/** Drops the implicit `true` default of every `--no-x` option, so the help prints none; x then reads undefined, never false, unless negated. */
export function hideNegatedDefaults(cli: CAC): void {
  for (const command of [cli.globalCommand, ...cli.commands]) {
    for (const option of command.options) if (option.negated && option.config.default === true) delete option.config.default;
  }
}
