import fs from 'node:fs';
import path from 'node:path';

/**
 * Self time by function (and by package) of a .cpuprofile:
 * `node bench/lib/profile-summary.ts FILE [top] [lastSeconds]`; with lastSeconds, only the samples
 * of that many seconds before the profile ends (the measured load, not start-up).
 */
// Frames from the project's own code, wherever the checkout is.
const SRC_URL = path.join(__dirname, '..', '..', 'src');
const ROOT_URL = `file://${path.join(__dirname, '..', '..')}/`;
const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
const lastUs = Number(process.argv[4] ?? 0) * 1e6;
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const self = new Map<number, number>();
const dt: number[] = prof.timeDeltas;
const endUs = prof.endTime - prof.startTime;
let at = 0;
prof.samples.forEach((id: number, i: number) => {
  at += dt[i] ?? 0;
  if (lastUs && at < endUs - lastUs) return;
  self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0));
});
const byFn = new Map<string, number>();
const byPkg = new Map<string, number>();
let total = 0;
for (const n of prof.nodes) {
  const t = self.get(n.id) ?? 0;
  total += t;
  const cf = n.callFrame;
  const where = cf.url.replace(/^.*node_modules\//, '').replace(ROOT_URL, '');
  const key = `${cf.functionName || '(anon)'} ${where}:${cf.lineNumber}`;
  byFn.set(key, (byFn.get(key) ?? 0) + t);
  const pkg =
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(cf.url)?.[1] ??
    (cf.url.includes(SRC_URL) ? 'onward src' : cf.url ? 'node internals' : cf.functionName || '(vm)');
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
}
const show = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([k, v]) => console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`));
console.log(`total ${(total / 1000).toFixed(0)} ms`);
console.log('by package:');
show(byPkg, 15);
console.log('by function:');
show(byFn, top);
