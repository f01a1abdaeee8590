import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryTransaction } from '../src/platform/tx.ts';
import { transact } from '../src/platform/deps.ts';
import { startTestServer, type TestServer } from './harness.ts';

describe('overload', () => {
  let s: TestServer;
  let attempts = 0;
  beforeAll(async () => {
    const ports: { deps?: Parameters<typeof transact>[0] } = {};
    // A unit of work that always loses its race, as one would under extreme contention.
    const alwaysContended: FastifyPluginAsync = async (app) => {
      app.post('/test/contended', async () =>
        transact(ports.deps!, async (tx) => {
          attempts++;
          await tx.db.insertInto('workspaces').values({ id: `ws_contended_${attempts}`, name: 'never kept' }).execute();
          throw new RetryTransaction('lost the race again');
        }),
      );
    };
    s = await startTestServer({ app: { publicPlugins: [alwaysContended] } });
    ports.deps = s.container.deps;
  });
  afterAll(() => s.close());

  it('answers 503 BUSY with Retry-After after five lost races, and keeps nothing of them', async () => {
    const res = await fetch(`${s.url}/api/v1/test/contended`, { method: 'POST' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await res.json()).error.code).toBe('BUSY');
    expect(attempts).toBe(5);
    const kept = await s.container.deps.db.selectFrom('workspaces').select('id').where('id', 'like', 'ws_contended_%').execute();
    expect(kept).toEqual([]);
  });
});
