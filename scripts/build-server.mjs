// `npm run build:server`: compiles the server, the workspace packages it
// imports (core, protocol: TypeScript sources) and its npm dependencies into
// one ES module, apps/server/dist/main.js. A start then runs JavaScript
// instead of compiling TypeScript (tsx) and resolving a thousand files in
// node_modules: docs/benchmarks.md "Restart to ready".
import { build } from 'esbuild';

// Packages that read files next to themselves at run time (PGlite's WebAssembly,
// the Swagger UI's assets), load optional native add-ons, or start workers by
// file name (pino), or ship a native binary (jieba) or large dictionaries
// (re2js, opencc-js): they stay imports of node_modules.
const EXTERNAL = ['@electric-sql/pglite', '@fastify/swagger-ui', 'pino', 'thread-stream', 'pino-pretty', 'pg-native', 'bufferutil', 'utf-8-validate', '@node-rs/jieba', 're2js', 'opencc-js'];

const outfile = process.argv[2] ?? 'apps/server/dist/main.js';
const started = Date.now();
await build({
  entryPoints: ['apps/server/src/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
  // CommonJS packages inside an ES module still call require() for Node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
console.log(`server built into ${outfile} in ${Date.now() - started} ms`);
