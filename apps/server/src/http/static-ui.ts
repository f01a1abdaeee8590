import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_ROOT } from '../server-root.ts';

const CONSOLE_DIST = join(SERVER_ROOT, '../console/dist/');
const WIDGET_DIST = join(SERVER_ROOT, '../widget/dist/');

/** Serves the built agent console at / and the customer widget at /widget.js. */
export const staticUi: FastifyPluginAsync = async (app) => {
  if (existsSync(WIDGET_DIST)) {
    await app.register(fastifyStatic, { root: WIDGET_DIST, prefix: '/widget/', decorateReply: false });
    app.get('/widget.js', (_req, reply) => reply.sendFile('widget.js', WIDGET_DIST));
  }
  if (existsSync(CONSOLE_DIST)) {
    await app.register(fastifyStatic, { root: CONSOLE_DIST, prefix: '/' });
  } else {
    app.get('/', async (_req, reply) =>
      reply.type('text/html').send('<!doctype html><title>Switchboard</title><p>The console is not built. Run <code>npm run build</code>. API docs: <a href="/api/v1/docs">/api/v1/docs</a></p>'),
    );
  }
};
