// A command job for the queue tests: N sequential GETs of the daily bars through the run's JQUANTS_API_BASE_URL (the
// worker's relay on the shared budget), whatever they answer; prints each status. Usage: api-caller.mjs N DAY
const [n, day] = [Number(process.argv[2] ?? 10), process.argv[3] ?? '2026-11-19'];
const base = process.env.JQUANTS_API_BASE_URL;
if (!base) throw new Error('no JQUANTS_API_BASE_URL: the worker has no JQUANTS_API_KEY');
const seen = {};
for (let i = 0; i < n; i++) {
  const r = await fetch(`${base}/equities/bars/daily?date=${day}`, { headers: { 'x-api-key': process.env.JQUANTS_API_KEY ?? '' } });
  await r.arrayBuffer();
  seen[r.status] = (seen[r.status] ?? 0) + 1;
}
console.log(`api-caller: ${JSON.stringify(seen)}`);
