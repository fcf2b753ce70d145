/**
 * Large runs on Linux in a child process started with glibc's `glibc.malloc.hugetlb=1` tunable, which must be set
 * before a process starts: malloc then asks for transparent huge pages, so the gigabytes of typed arrays a run fills
 * fault in 2 MiB at a time instead of 4 KiB (on the bench VM that halves the cost of first touching memory and cuts
 * `gq run --families all` by ~10%). The parent only forwards signals and passes the child's exit status on; if the
 * parent is killed, the child sees its IPC channel close and stops as on SIGTERM. `GQ_HUGEPAGES=0` turns it off.
 */
import { spawn } from 'node:child_process';

const TUNABLE = 'glibc.malloc.hugetlb=1';

/** Whether this process should re-run itself with huge pages (Linux, not turned off, not already set). */
export function wantsHugePages(env = process.env) {
  return process.platform === 'linux' && env.GQ_HUGEPAGES !== '0' && !(env.GLIBC_TUNABLES ?? '').includes('glibc.malloc.hugetlb');
}

/** Re-runs this command in a child with the huge-pages tunable; resolves never (the process exits as the child does). */
export function runWithHugePages() {
  const tunables = process.env.GLIBC_TUNABLES ? `${process.env.GLIBC_TUNABLES}:${TUNABLE}` : TUNABLE;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, GLIBC_TUNABLES: tunables, GQ_HUGEPAGES_CHILD: '1' },
  });
  const forward = (signal) => { try { child.kill(signal); } catch { /* already gone */ } };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, forward);
  return new Promise(() => {
    child.on('error', (err) => {
      process.stderr.write(`gq: cannot start ${process.execPath}: ${err.message}\n`);
      process.exit(1);
    });
    child.on('exit', (code, signal) => {
      if (signal !== null) {
        for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, forward);
        process.kill(process.pid, signal);
      }
      process.exit(code ?? 1);
    });
  });
}

/** In the child: stop as on SIGTERM when the parent goes away (its IPC channel closes). */
export function watchParent() {
  if (process.env.GQ_HUGEPAGES_CHILD !== '1' || process.channel === undefined) return;
  delete process.env.GQ_HUGEPAGES_CHILD;
  process.channel.unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
