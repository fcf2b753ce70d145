/** File sizes as people read them in a listing. */

/** `812 bytes`, `3.4 KiB`, `21.1 MiB` or `6.2 GiB`: the largest unit the size reaches, so a small file never reads as 0.0 MiB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let u = 0;
  // 1023.96 KiB would print as 1024.0 KiB: move up once the rounded value reaches the next unit.
  while (u < units.length - 1 && Number(v.toFixed(1)) >= 1024) { v /= 1024; u++; }
  return `${v.toFixed(1)} ${units[u]}`;
}
