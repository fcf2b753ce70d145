/** `gq store status` prints the offline store's size as `gq run` lists files: bytes, KiB, MiB or GiB, never 0.0 MiB. */
import { describe, expect, it } from 'vitest';
import { emptyManifest } from '../../store/manifest.ts';
import { statusLines, type StoreStatus } from '../../store/status.ts';

function status(bytes: number): StoreStatus {
  return { offline: { where: 'file:/tmp/fs', manifest: emptyManifest(), rows: 0, bytes, unlisted: [] }, online: { where: 'sqlite:/tmp/fs/online.db', ok: true, views: {} } };
}

describe('gq store status', () => {
  it('gives a small offline store in KiB, not as 0.0 MiB', () => {
    expect(statusLines(status(3_500))[0]).toBe('offline  file:/tmp/fs: 0 partitions, 0 rows, 3.4 KiB');
  });

  it('gives a large offline store in GiB', () => {
    expect(statusLines(status(6_667_242_736))[0]).toContain(', 6.2 GiB');
  });
});
