import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';
import { hostileString, operationsOf, valueFor, type Operation } from './support/openapi-arbitrary.ts';

// These end the very token the fuzzer uses; they have their own tests (security-sessions.test.ts).
/** Percent-encodes, sending an unpaired surrogate as its (invalid) three UTF-8-style bytes, as a raw client could. */
function encodeSegment(value: string) {
  return value.replace(/[\s\S]/gu, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      const c = ch.charCodeAt(0);
      return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    }
  });
}

const SKIP = new Set(['POST /api/v1/workspace/admin-token/rotate', 'POST /api/v1/auth/logout']);

/**
 * Issue #11 (finding 16 and the fuzzer's presence 500): every route of the
 * OpenAPI document, with bodies, queries and ids drawn from its own schemas
 * and filled with hostile values (NUL, unpaired surrogates, huge numbers,
 * wrong types). Whatever comes back must be below 500.
 */
describe('fuzzing every route from its schema: never a 5xx', () => {
  let s: TestServer;
  let ops: Operation[];
  const ids: string[] = [];

  beforeAll(async () => {
    s = await startTestServer();
    const channel = (await s.api('POST', '/channels', { type: 'api', name: 'fuzz', bot: false })).body.id;
    const agent = (await s.api('POST', '/agents', { name: 'Fuzz', email: 'fuzz@example.com' })).body.id;
    const conv = (await s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: 'f1' }, text: 'hi' })).body.conversationId;
    ids.push(channel, agent, conv);
    const doc = await (await fetch(`${s.url}/api/v1/openapi.json`)).json();
    ops = operationsOf(doc).filter((o) => !SKIP.has(`${o.method} ${o.path}`));
  });
  afterAll(() => s.close());

  it('covers the routes the issue names', () => {
    const names = ops.map((o) => `${o.method} ${o.path}`);
    for (const name of ['PUT /api/v1/agents/{id}/presence', 'POST /api/v1/channels', 'POST /api/v1/channels/{id}/inbound', 'PATCH /api/v1/agents/{id}']) {
      expect(names).toContain(name);
    }
  });

  it.each([
    ['a NUL byte', 'away\u0000'],
    ['an unpaired surrogate', 'away\uD800'],
  ])('presence reason with %s → 400, not the 500 the fuzzer found', async (_name, reason) => {
    const res = await s.api('PUT', `/agents/${ids[1]}/presence`, { presence: 'away', reason });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const inbound = await s.api('POST', `/channels/${ids[0]}/inbound`, { contact: { externalId: 'nul' }, text: reason });
    expect(inbound.status).toBe(400);
  });

  it('answers every generated request below 500', async () => {
    const request = fc.integer({ min: 0, max: ops.length - 1 }).chain((i) => {
      const op = ops[i]!;
      return fc.record({
        op: fc.constant(op),
        params: fc.array(fc.oneof(fc.constantFrom(...ids), hostileString), { minLength: op.params.length, maxLength: op.params.length }),
        query: fc.record(Object.fromEntries(Object.entries(op.query).map(([k, v]) => [k, valueFor(v)])), { requiredKeys: [] }),
        body: op.body ? valueFor(op.body) : fc.constant(undefined),
      });
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ op, params, query, body }) => {
        let path = op.path;
        op.params.forEach((name, i) => (path = path.replace(`{${name}}`, encodeSegment(String(params[i]) || 'x'))));
        const qs = Object.entries(query)
          .map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(typeof v === 'string' ? v : String(JSON.stringify(v)))}`)
          .join('&');
        const res = await fetch(`${s.url}${path}${qs ? `?${qs}` : ''}`, {
          method: op.method,
          headers: { authorization: `Bearer ${s.adminToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
          body: body === undefined || op.method === 'GET' ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        if (res.status >= 500) throw new Error(`${op.method} ${path} → ${res.status} ${text.slice(0, 300)} body=${JSON.stringify(body)?.slice(0, 300)}`);
      }),
      { numRuns: 600, seed: 20261201, endOnFailure: true },
    );
  });
});
