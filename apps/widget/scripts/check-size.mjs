// Fails the build when widget.js is over its budget, gzipped.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 60 * 1024;
const file = new URL('../dist/widget.js', import.meta.url);
const size = gzipSync(readFileSync(file), { level: 9 }).length;
console.log(`widget.js: ${(size / 1024).toFixed(1)} kB gzipped (budget ${BUDGET / 1024} kB)`);
if (size > BUDGET) {
  console.error('widget.js is over budget');
  process.exit(1);
}
