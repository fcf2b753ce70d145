/** Preload (`node --import`) that writes every module URL the process resolved to the file in GQ_RECORD_MODULES at exit. */
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const seen = new Set<string>();
registerHooks({
  resolve(specifier, context, next) {
    const r = next(specifier, context);
    seen.add(r.url);
    return r;
  },
});
process.on('exit', () => writeFileSync(process.env.GQ_RECORD_MODULES!, [...seen].join('\n')));
