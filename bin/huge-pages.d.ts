/** Types of bin/huge-pages.js (plain JavaScript, so that bin/gq.js starts without the TypeScript stripper). */

/** Whether this process should re-run itself with huge pages (Linux, not turned off, not already set). */
export function wantsHugePages(env?: NodeJS.ProcessEnv | Record<string, string | undefined>): boolean;
/** Re-runs this command in a child with the huge-pages tunable; resolves never (the process exits as the child does). */
export function runWithHugePages(): Promise<never>;
/** In the child: stop as on SIGTERM when the parent goes away (its IPC channel closes). */
export function watchParent(): void;
