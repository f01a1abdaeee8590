// Fails the build when the console's first load (index.html plus every JS and
// CSS file it references) is over budget, gzipped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 300 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const assets = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const files = ['index.html', ...assets];
let total = 0;
for (const file of files) {
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += size;
  console.log(`${file.padEnd(40)} ${(size / 1024).toFixed(1)} kB gzipped`);
}
console.log(`console first load: ${(total / 1024).toFixed(1)} kB gzipped (budget ${BUDGET / 1024} kB)`);
if (total > BUDGET) {
  console.error('console first load is over budget');
  process.exit(1);
}
