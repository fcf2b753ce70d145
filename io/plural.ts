/** Counts as people read them in a line of output. */

/** `1 feature`, `2 features`, `0 features`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
