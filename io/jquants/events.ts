/**
 * What the client reports while it works, for progress display and logs. Events carry endpoint paths and
 * queries, never headers; every string in them has passed through the key redactor.
 */
export type ClientEvent =
  /** `files`: with strategy `bulk`, how many of the requests are bulk files (one signed URL each; one more lists them). */
  | { type: 'plan'; endpoint: string; strategy: string; requests: number; days: number; codes: number | 'all'; files?: number }
  | { type: 'request'; where: string; attempt: number }
  | { type: 'response'; where: string; status: number; ms: number; rows: number; bytes: number }
  | { type: 'retry'; where: string; attempt: number; delayMs: number; reason: string; retryAfter: boolean }
  | { type: 'piece'; endpoint: string; key: string; rows: number; final: boolean }
  | { type: 'cache'; endpoint: string; pieces: number; rows: number }
  | { type: 'bulk'; endpoint: string; key: string; days: number; rows: number };

/** One log line for an event. */
export function formatEvent(e: ClientEvent): string {
  switch (e.type) {
    case 'plan':
      return `plan ${e.endpoint}: ${e.strategy}, ${e.requests} request(s) to make (`
        + `${e.days} day(s), ${e.codes === 'all' ? 'all codes' : `${e.codes} code(s)`}); each may span several pages`;
    case 'request':
      return `GET ${e.where}${e.attempt > 0 ? ` (retry ${e.attempt})` : ''}`;
    case 'response':
      return `${e.status} ${e.where} ${e.rows} row(s) ${e.bytes} byte(s) in ${Math.round(e.ms)} ms`;
    case 'retry':
      return `retry ${e.attempt} of ${e.where} in ${e.delayMs} ms after ${e.reason}${e.retryAfter ? ' (Retry-After)' : ''}`;
    case 'piece':
      return `cached ${e.endpoint} ${e.key}: ${e.rows} row(s)${e.final ? '' : ' (not final yet; refreshed next run)'}`;
    case 'cache':
      return `read ${e.pieces} cached piece(s) of ${e.endpoint}: ${e.rows} row(s)`;
    case 'bulk':
      return `bulk file ${e.key} of ${e.endpoint}: ${e.rows} row(s) cached as ${e.days} day piece(s)`;
  }
}
