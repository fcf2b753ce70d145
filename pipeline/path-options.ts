/**
 * Checks of the `gq run` options that name a file or a folder, before anything is fetched: a tag that is not a plain
 * file name, or a cache folder under a file, otherwise fails deep in a write with a raw ENOENT or ENOTDIR.
 */
import { GqError } from './errors.ts';
import { makeWritableFolder, removeFolders } from '../io/writable-folder.ts';

/** Refuses a `--tag` that is not a plain file name: it names the output files `<tag>.parquet`, `<tag>.csv`, ... */
export function checkTag(tag: string): void {
  const bad = tag === '' ? 'is empty'
    : /[/\\]/.test(tag) ? 'holds a path separator'
    : tag.startsWith('.') ? 'starts with "." (a hidden file, and the names of temp files start so)'
    : tag.includes('\0') ? 'holds a NUL character' : null;
  if (bad === null) return;
  const dir = tag.replace(/[/\\][^/\\]*$/, '');
  const example = /[/\\]/.test(tag) && dir !== '' && dir !== tag ? `; for the folder use --output, e.g. --output ${dir} --tag ${tag.slice(dir.length + 1) || 'dataset'}` : '';
  throw new GqError('BAD_OPTION', `--tag "${tag}" ${bad}: a tag is the file name of the outputs (${tag === '' ? '<tag>' : tag}.parquet, .csv, ...), e.g. --tag dataset_2026${example}`);
}

/**
 * Refuses a folder option (`--cache-dir`) whose path runs through a file or that cannot be created or written. A
 * missing folder is created one level at a time and removed again (mkdir -p on /proc spins forever in Node; the first
 * refusal is the answer), so the check leaves nothing behind.
 */
export function checkFolderOption(path: string, name: string, given: string): void {
  const created = makeWritableFolder(path, (p) => {
    const why = 'file' in p ? (p.file === path ? 'is a file, not a folder' : `runs through the file ${p.file}, not a folder`) : p.why;
    return new GqError('BAD_OPTION', `${name} ${given}: ${why}; give a folder you can write (created when missing), e.g. ${name} .gq-cache`);
  });
  removeFolders(created);
}
