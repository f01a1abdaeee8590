// Fails the build when widget.js is over its budget as it goes on the wire
// (the brotli file the server sends; gzip shown beside it).
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 20 * 1024;
const file = new URL('../dist/widget.js', import.meta.url);
const gz = gzipSync(readFileSync(file), { level: 9 }).length;
const size = statSync(new URL('../dist/widget.js.br', import.meta.url)).size;
console.log(`widget.js on the wire: ${(size / 1024).toFixed(1)} kB brotli (${(gz / 1024).toFixed(1)} kB gzip; budget ${BUDGET / 1024} kB)`);
if (size > BUDGET) {
  console.error('widget.js is over budget');
  process.exit(1);
}
