import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HoldingPlatform } from '../support/holding-platform.ts';
import { canRunOwnPostgres, OwnPostgres } from '../support/own-postgres.ts';
import { killHard, startServerProcess, type ServerProcess } from '../support/server-process.ts';

const TOKEN = 'script-shutdown-admin-token';
const LOOKUP = {
  id: 'lookup',
  start: 'ask',
  steps: [
    { id: 'ask', type: 'ask', text: 'Order number?', variable: 'n', input: { kind: 'text' }, next: 'call' },
    { id: 'call', type: 'http', method: 'POST', url: '{{baseUrl}}/lookup', body: { order: '{{n}}' }, timeoutMs: 10_000, save: { state: 'status' }, next: 'tell', onError: 'failed' },
    { id: 'tell', type: 'end', outcome: 'bot', text: 'It is {{state}}.' },
    { id: 'failed', type: 'handoff', text: 'Lookup failed.' },
  ],
};

/** A bot script's HTTP call in flight at SIGTERM resumes the conversation before the database closes. */
describe.runIf(canRunOwnPostgres)('SIGTERM during a bot script call', () => {
  let cluster: OwnPostgres;
  let server: ServerProcess | undefined;
  let orders: HoldingPlatform;
  beforeAll(async () => {
    cluster = await OwnPostgres.create();
    orders = await new HoldingPlatform(() => ({ status: 'packed' })).start();
  });
  afterAll(async () => {
    if (server) await killHard(server);
    await orders?.close();
    await cluster?.destroy();
  });

  it('waits for the call, stores the bot answer, then exits 0', { timeout: 120_000 }, async () => {
    server = startServerProcess({ DATABASE_URL: cluster.url(), SWITCHBOARD_ADMIN_TOKEN: TOKEN });
    const url = await server.ready;
    const api = server.api(url);
    const channel = (await api('POST', '/channels', { type: 'api', name: 'API', bot: true })).body;
    await api('PATCH', '/settings/bot', { scriptVariables: { baseUrl: orders.url } });
    expect((await api('POST', '/scripts', LOOKUP)).status).toBe(201);
    await api('POST', '/scripts/lookup/publish');
    await api('POST', '/bot/keywords', { match: 'exact', pattern: 'order', action: { type: 'start_script', scriptId: 'lookup' } });
    const says = (text: string) => api('POST', `/channels/${channel.id}/inbound`, { contact: { externalId: 'c1' }, text });
    const { conversationId } = (await says('order')).body;
    await says('SB-1');
    for (let i = 0; i < 200 && orders.received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(orders.received).toHaveLength(1);

    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    expect(server.alive()).toBe(true); // waiting for the script call
    orders.answerHeld();
    expect(await server.exited).toBe(0);

    const again = startServerProcess({ DATABASE_URL: cluster.url(), SWITCHBOARD_ADMIN_TOKEN: TOKEN });
    server = again;
    const messages = await again.api(await again.ready)('GET', `/conversations/${conversationId}/messages`);
    expect(messages.body.items.map((m: any) => m.text)).toContain('It is packed.');
  });
});
