# The npm registry this project can reach lacks some platform packages of nodejs-polars (only linux-x64-gnu
# exists), so `npm install` leaves them out of the lock and `npm ci` then refuses the lock. This adds their
# entries (os/cpu-restricted and optional, so no platform ever fetches a package it cannot use).
# Run after any `npm install`: python3 .ci/patch-lock.py package-lock.json
import json, sys
path = sys.argv[1]
lock = json.load(open(path))
pk = lock['packages']
missing = {
  'nodejs-polars-android-arm64': (['android'], ['arm64'], None),
  'nodejs-polars-darwin-arm64': (['darwin'], ['arm64'], None),
  'nodejs-polars-linux-arm64-gnu': (['linux'], ['arm64'], ['glibc']),
  'nodejs-polars-linux-arm64-musl': (['linux'], ['arm64'], ['musl']),
  'nodejs-polars-win32-x64-msvc': (['win32'], ['x64'], None),
}
ver = pk['node_modules/nodejs-polars']['version']
for name, (os_, cpu, libc) in missing.items():
  key = 'node_modules/' + name
  if key in pk: continue
  e = {'version': ver, 'cpu': cpu, 'dev': True, 'license': 'SEE LICENSE IN LICENSE', 'optional': True, 'os': os_}
  if libc: e['libc'] = libc
  e['engines'] = {'node': '>= 22'}
  pk[key] = e
lock['packages'] = dict(sorted(pk.items(), key=lambda kv: (kv[0] != '', kv[0])))
json.dump(lock, open(path, 'w'), indent=2)
open(path, 'a').write('\n')
