import { fileURLToPath } from 'node:url';

/**
 * The apps/server directory, whether this runs as TypeScript (src/…) or as
 * the compiled bundle (dist/main.js): both sit one level below it. Files the
 * server reads at run time (migrations, the built console) are found from here,
 * not from the importing module, whose place the bundle changes.
 */
export const SERVER_ROOT = fileURLToPath(new URL('../', import.meta.url));
