import { FakeClock } from '@switchboard/core';
import type { FastifyPluginAsync } from 'fastify';
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { staticUi } from '../../server/src/http/static-ui.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Builds the console and the widget unless both are already built (set E2E_REBUILD=1 to force). */
export function ensureBuilt() {
  const built = existsSync(`${ROOT}apps/console/dist/index.html`) && existsSync(`${ROOT}apps/widget/dist/widget.js`);
  if (built && !process.env.E2E_REBUILD) return;
  execSync('npm run build -w apps/widget -w apps/console', {
    cwd: ROOT,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would build React's development bundle (and fail the size budget).
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export interface UiServer extends TestServer {
  /** The page a customer visits: any page with the widget's one script tag. */
  customerPageUrl: (channelId: string, lang?: 'en' | 'zh-TW' | 'ja') => string;
}

/** A customer's web page, served by the same server as the widget (see docs/ui.md on cross-origin use). */
const customerPage: FastifyPluginAsync = async (app) => {
  app.get('/e2e/shop.html', async (req, reply) => {
    const query = req.query as { channel?: string; lang?: string };
    const channel = String(query.channel ?? '').replace(/[^\w-]/g, '');
    const lang = query.lang === 'zh-TW' || query.lang === 'ja' ? query.lang : 'en';
    // This page stands for a customer's own site, which sends its own headers, not the console's CSP.
    reply.removeHeader('content-security-policy');
    return reply
      .type('text/html')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Demo shop</title></head>` +
          `<body style="font-family:sans-serif;margin:2rem"><h1>Demo shop</h1><p>Any page: the widget is one script tag.</p>` +
          `<script src="/widget.js" data-channel="${channel}" data-lang="${lang}"></script></body></html>`,
      );
  });
};

/**
 * A real server on port 0 with a real database, serving the built UIs. The
 * fake clock follows the wall clock, because the browsers use real time
 * (offer countdowns, message times); steps take well under the offer timeout.
 */
export async function startUiServer(): Promise<UiServer> {
  const clock = new FakeClock(Date.now());
  const follow = setInterval(() => clock.set(Math.max(clock.now(), Date.now())), 50);
  const server = await startTestServer({
    clock,
    app: { rootPlugins: [staticUi, customerPage] },
  });
  return {
    ...server,
    customerPageUrl: (channelId, lang = 'en') => `${server.url}/e2e/shop.html?channel=${encodeURIComponent(channelId)}&lang=${lang}`,
    close: async () => {
      clearInterval(follow);
      await server.close();
    },
  };
}

interface Sockets {
  clients: Set<{ terminate(): void }>;
  on(event: 'connection', fn: (socket: { terminate(): void }) => void): void;
  off(event: 'connection', fn: (socket: { terminate(): void }) => void): void;
}
const sockets = (server: TestServer) => (server.app as unknown as { websocketServer: Sockets }).websocketServer;

/** Drops every WebSocket the server holds, as a network failure or a server restart would. */
export function dropAllSockets(server: TestServer) {
  for (const socket of sockets(server).clients) socket.terminate();
}

/**
 * Cuts the server off from every WebSocket until the returned function is called: those open are dropped, and
 * every one that connects meanwhile (a handshake already under way included) is dropped as it arrives. The
 * browser's offline emulation alone does not do it: it lets WebSocket handshakes through (playwright#4910).
 */
export function cutSockets(server: TestServer): () => void {
  const wss = sockets(server);
  const refuse = (socket: { terminate(): void }) => socket.terminate();
  wss.on('connection', refuse);
  dropAllSockets(server);
  return () => wss.off('connection', refuse);
}
