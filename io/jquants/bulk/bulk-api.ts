/** The two bulk API calls (spec §5.2), paced and retried like every API request: the file list and a signed URL. */
import type { Endpoint } from '../endpoints.ts';
import { JQuantsError } from '../errors.ts';
import type { FetchContext } from '../fetch-context.ts';
import { getPage } from '../request.ts';
import { bulkFileOf, type BulkFile } from './bulk-files.ts';

/** The files `/bulk/list?endpoint=<path>` offers (every page), each with the days its name says it covers. */
export async function listBulkFiles(ctx: FetchContext, e: Endpoint, signal?: AbortSignal): Promise<BulkFile[]> {
  const pacer = ctx.pacerFor(e);
  const out: BulkFile[] = [];
  let key: string | null = null;
  do {
    const q = new URLSearchParams({ endpoint: e.path });
    if (key !== null) q.set('pagination_key', key);
    const page = await getPage(ctx.req, pacer, '/bulk/list', q, signal);
    for (const item of page.data) {
      const f = typeof item === 'object' && item !== null ? bulkFileOf(item as Record<string, unknown>) : null;
      if (f !== null) out.push(f);
    }
    key = page.paginationKey;
  } while (key !== null);
  return out.sort((a, b) => a.from - b.from || a.to - b.to);
}

/** A fresh signed URL for one file (`/bulk/get?key=`); valid ~5 minutes, so ask right before downloading. */
export async function signedUrl(ctx: FetchContext, e: Endpoint, key: string, signal?: AbortSignal): Promise<string> {
  const page = await getPage(ctx.req, ctx.pacerFor(e), '/bulk/get', new URLSearchParams({ key }), signal, 'object');
  const url = (page.data[0] as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
    throw new JQuantsError('bad-response', `J-Quants /bulk/get?key=${key} answered without a download URL`, { where: `/bulk/get?key=${key}` });
  }
  return url;
}
