/** A fresh temp folder per test. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new empty folder under the system temp dir. */
export function tmpFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `gq-orch-${prefix}-`));
}
