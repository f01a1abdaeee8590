import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configureBot } from '../src/bot/runtime.ts';
import { EmbeddingsRanker } from '../src/bot/semantic.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { botLines, customerSays, freshWorkspace, historyOf, newCustomer, startStandIn, type StandIn, type Workspace } from './bot-support.ts';

/**
 * The optional semantic layer against a local stand-in of an OpenAI-compatible
 * `POST /v1/embeddings`: it answers a paraphrase the lexical index left below
 * the threshold, and the lexical decision stands when the provider is slow,
 * down or unsure.
 */
let s: TestServer;
let w: Workspace;
let provider: StandIn;
let mode: 'ok' | 'slow' | 'down' | 'far' = 'ok';
let ranker: EmbeddingsRanker;

const RETURNS = { question: 'How do I return an item?', answer: 'Open your order and choose Return within 30 days.' };
const PARAPHRASE = 'will you take the item back after washing it'; // "returnable" meets "return" since Porter2 (#17 third round)

/** Vectors by meaning as the stand-in sees it: return texts ("take the item back") point one way, everything else another. */
function vector(text: string): number[] {
  if (mode === 'far') return [0, 1];
  if (/keyboard/i.test(text)) return [0, 1]; // the return key, not a return
  return /return|take the item back/i.test(text) ? [1, 0.05] : [0, 1];
}

beforeAll(async () => {
  s = await startTestServer();
  provider = await startStandIn((_req, body) => {
    const { input } = JSON.parse(body) as { input: string[] };
    if (mode === 'down') return { status: 503, body: { error: 'overloaded' } };
    const data = input.map((t, index) => ({ index, embedding: vector(t) }));
    return { body: { data }, ...(mode === 'slow' && { delayMs: 1000 }) };
  });
  ranker = new EmbeddingsRanker({ url: `${provider.url}/v1/embeddings`, model: 'stand-in', key: 'sk-test' });
  configureBot(s.container.deps, { semantic: { ranker, timeoutMs: 300, minSimilarity: 0.8 } });
});
beforeEach(async () => {
  w = await freshWorkspace(s);
  await w.api('POST', '/knowledge/articles', RETURNS);
  mode = 'ok';
});
afterEach(() => void (provider.requests.length = 0));
afterAll(async () => {
  configureBot(s.container.deps, {});
  await provider.close();
  await s.close();
});

async function ask(text: string) {
  const res = await customerSays(w, newCustomer(), text);
  const [decision] = await historyOf(w.api, res.conversationId, 'bot_reply');
  return { lines: await botLines(w.api, res.conversationId), decision };
}

describe('semantic layer (embeddings provider)', () => {
  it('answers a below-threshold paraphrase when the provider finds it close, recording both scores', async () => {
    const { lines, decision } = await ask(PARAPHRASE);
    expect(lines).toEqual([RETURNS.answer]);
    expect(decision).toMatchObject({ cause: 'knowledge', data: { semantic: expect.any(Number) } });
    expect(decision.data.score).toBeLessThan(0.5);
    const sent = JSON.parse(provider.requests[0]!.body);
    expect(sent).toMatchObject({ model: 'stand-in', input: [PARAPHRASE, RETURNS.question] });
  });

  it('is not asked when the lexical index already answers, nor when it has no candidate', async () => {
    expect((await ask('How do I return an item?')).lines).toEqual([RETURNS.answer]);
    expect((await ask('weather tomorrow')).decision.cause).toBe('fallback');
    expect(provider.requests).toHaveLength(0);
  });

  it('falls back to the lexical decision when the provider is slow (time box), down or unsure', async () => {
    for (const m of ['slow', 'down', 'far'] as const) {
      mode = m;
      const { decision } = await ask(`${PARAPHRASE} (${m})`);
      expect(decision.cause, m).toBe('fallback');
    }
    expect(provider.requests).toHaveLength(3);
  });
});

describe('semantic veto of weak lexical answers (#17, sixth round)', () => {
  const WEAK = 'return key on my keyboard'; // lexical 0.52: "return" held, the keyboard a good no article names
  beforeEach(() => configureBot(s.container.deps, { semantic: { ranker, timeoutMs: 300, minSimilarity: 0.8, veto: { belowScore: 0.7, minSimilarity: 0.5 } } }));
  afterEach(() => configureBot(s.container.deps, { semantic: { ranker, timeoutMs: 300, minSimilarity: 0.8 } }));

  it('falls back when the provider finds a weak lexical answer far from the question, recording the similarity', async () => {
    const { lines, decision } = await ask(WEAK);
    expect(lines).not.toContain(RETURNS.answer);
    expect(decision).toMatchObject({
      cause: 'fallback',
      data: { bestArticleId: expect.any(String), bestScore: expect.any(Number), semantic: expect.any(Number) },
    });
    expect(decision.data.bestScore).toBeGreaterThanOrEqual(0.5);
    expect(decision.data.semantic).toBeLessThan(0.5);
    expect(provider.requests).toHaveLength(1);
  });

  it('keeps the lexical answer when it is strong (not asked), when the provider agrees, and when it is down or slow', async () => {
    expect((await ask('can i return it')).lines).toEqual([RETURNS.answer]);
    expect(provider.requests).toHaveLength(0);
    expect((await ask('return the item')).lines).toEqual([RETURNS.answer]);
    for (const m of ['down', 'slow'] as const) {
      mode = m;
      expect((await ask(WEAK)).decision.cause, m).toBe('knowledge');
    }
  });

  it('without a veto configured the weak answer stands and the provider is not asked', async () => {
    configureBot(s.container.deps, { semantic: { ranker, timeoutMs: 300, minSimilarity: 0.8 } });
    expect((await ask(WEAK)).decision.cause).toBe('knowledge');
    expect(provider.requests).toHaveLength(0);
  });
});
