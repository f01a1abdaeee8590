import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, startTestServer } from './harness.ts';

describe('restart', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('keeps workspaces, agents, conversations and messages, and the admin token still works', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sb-restart-'));
    dirs.push(dataDir);
    const databaseUrl = await freshPostgresDatabase();
    const where = databaseUrl ? { databaseUrl } : { dataDir };
    const first = await startTestServer({ ...where, adminToken: 'restart-admin-token' });
    const channelId = (await first.api('POST', '/channels', { type: 'api', name: 'API' })).body.id;
    await first.api('POST', '/agents', { name: 'Kept', email: 'kept@example.com', password: 'password1', skills: [{ name: 'english', level: 4 }] });
    const sent = await first.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'r1' }, text: 'before restart', externalMessageId: 'e1' });
    await first.close();

    const second = await startTestServer({ ...where, adminToken: 'restart-admin-token' });
    expect(second.workspaceId).toBe(first.workspaceId);
    const agents = await second.api('GET', '/agents');
    expect(agents.body.items.map((a: any) => [a.email, a.skills])).toEqual([['kept@example.com', [{ name: 'english', level: 4 }]]]);
    const messages = await second.api('GET', `/conversations/${sent.body.conversationId}/messages`);
    expect(messages.body.items.map((m: any) => m.text)).toEqual(['before restart']);
    const redelivered = await second.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'r1' }, text: 'before restart', externalMessageId: 'e1' });
    expect(redelivered.body.messageId).toBe(sent.body.messageId);
    const login = await second.api('POST', '/auth/login', { email: 'kept@example.com', password: 'password1' }, null);
    expect(login.status).toBe(200);
    await second.close();
  });
});
