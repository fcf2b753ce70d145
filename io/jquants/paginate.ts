/**
 * All pages of one query: repeat it with `pagination_key` until the key is absent or "" (spec §5.1), and
 * validate each page's records as it arrives.
 */
import type { Endpoint } from './endpoints.ts';
import { JQuantsError } from './errors.ts';
import type { Pacer } from './pacer.ts';
import { getPage, type RequestContext } from './request.ts';
import { validateRecords } from './validate.ts';

/** Fetches every page of `path?params` and returns the records in server order, validated when `endpoint` is given. */
export async function fetchAllPages(
  ctx: RequestContext, pacer: Pacer, path: string, params: Record<string, string>, signal?: AbortSignal, endpoint?: Endpoint,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  let key: string | null = null;
  do {
    const q = new URLSearchParams(params);
    if (key !== null) q.set('pagination_key', key);
    const where = ctx.redact(`${path}?${new URLSearchParams(params).toString()}`);
    const page = await getPage(ctx, pacer, path, q, signal);
    const records = endpoint === undefined ? page.data as Record<string, unknown>[] : validateRecords(endpoint, page.data, where);
    for (let i = 0; i < records.length; i++) out.push(records[i]!);
    key = page.paginationKey;
    if (key !== null) {
      // The key changes on every page; a repeat would loop forever.
      if (seen.has(key)) throw new JQuantsError('bad-response', `J-Quants sent the same pagination_key twice for ${where}; stopping.`, { where });
      seen.add(key);
    }
  } while (key !== null);
  return out;
}
