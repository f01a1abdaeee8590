// Fails the build when the console's first load (index.html plus every JS and
// CSS file it references) is over budget as it goes on the wire: the brotli
// files the server sends (scripts/precompress.mjs; gzip shown beside them).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 120 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const assets = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const files = ['index.html', ...assets];
let total = 0;
for (const file of files) {
  const gz = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  const br = statSync(join(dist, `${file}.br`)).size;
  total += br;
  console.log(`${file.padEnd(40)} ${(br / 1024).toFixed(1)} kB brotli (${(gz / 1024).toFixed(1)} kB gzip)`);
}
console.log(`console first load on the wire: ${(total / 1024).toFixed(1)} kB brotli (budget ${BUDGET / 1024} kB)`);
if (total > BUDGET) {
  console.error('console first load is over budget');
  process.exit(1);
}
