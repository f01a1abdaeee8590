import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_ROOT } from '../server-root.ts';

const CONSOLE_DIST = join(SERVER_ROOT, '../console/dist/');
const WIDGET_DIST = join(SERVER_ROOT, '../widget/dist/');

export interface StaticUiOptions {
  consoleDir?: string;
  widgetDir?: string;
}

/**
 * Caching: Vite names every asset under assets/ by its content hash, so those
 * never change and are cached for a year; index.html must be revalidated on
 * every load (it names the current hashes), and widget.js keeps its name on
 * customers' pages, so it is cached for five minutes only.
 */
function cacheHeaders(res: FastifyReply, path: string) {
  const name = path.replace(/\.(br|gz)$/, '');
  if (/[\\/]assets[\\/]/.test(name)) res.header('cache-control', 'public, max-age=31536000, immutable');
  else if (name.endsWith('widget.js')) res.header('cache-control', 'public, max-age=300');
  else res.header('cache-control', 'no-cache');
}

const common = { preCompressed: true, cacheControl: false, setHeaders: cacheHeaders };

/**
 * Serves the built agent console at / and the customer widget at /widget.js,
 * brotli or gzip as the browser accepts (files compressed at build time by
 * scripts/precompress.mjs).
 */
export function staticUiFrom(options: StaticUiOptions = {}): FastifyPluginAsync {
  const consoleDir = options.consoleDir ?? CONSOLE_DIST;
  const widgetDir = options.widgetDir ?? WIDGET_DIST;
  return async (app) => {
    if (existsSync(widgetDir)) {
      await app.register(fastifyStatic, { ...common, root: widgetDir, prefix: '/widget/', decorateReply: false });
      app.get('/widget.js', (_req, reply) => reply.sendFile('widget.js', widgetDir));
    }
    if (existsSync(consoleDir)) {
      await app.register(fastifyStatic, { ...common, root: consoleDir, prefix: '/' });
    } else {
      app.get('/', async (_req, reply) =>
        reply
          .type('text/html')
          .send('<!doctype html><title>Switchboard</title><p>The console is not built. Run <code>npm run build</code>. API docs: <a href="/api/v1/docs">/api/v1/docs</a></p>'),
      );
    }
  };
}

export const staticUi = staticUiFrom();
