// Bench-only (never loaded by the server on its own): `node --expose-gc --import ./bench/lib/memory-probe.mjs …`.
// On SIGUSR2 the process collects its garbage (twice: weak maps and finalizers) and writes
// process.memoryUsage() to $MEMORY_PROBE_DIR/<pid>.json, so a bench can read the heap after GC.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate } from 'node:timers';

const dir = process.env.MEMORY_PROBE_DIR;
if (dir && typeof globalThis.gc === 'function') {
  process.on('SIGUSR2', () => {
    globalThis.gc();
    setImmediate(() => {
      globalThis.gc();
      const file = join(dir, `${process.pid}.json`);
      writeFileSync(`${file}.tmp`, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
      renameSync(`${file}.tmp`, file);
    });
  });
}
