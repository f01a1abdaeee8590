import type { Deps } from '../platform/deps.ts';
import { KnowledgeCache } from './knowledge-cache.ts';
import type { SemanticOptions } from './semantic.ts';
import { KeywordMatcherCache } from './rules-cache.ts';
import { ScriptCache } from './script-cache.ts';

/**
 * What the bot keeps in one process's memory: caches of the tables (each
 * checked against a stored version, so several processes stay correct) and
 * the script HTTP calls in flight. One per database handle, i.e. per container.
 */
export class BotRuntime {
  readonly rules: KeywordMatcherCache;
  readonly knowledge = new KnowledgeCache();
  readonly scripts = new ScriptCache();
  /** Default `baseUrl` script variable: this server's own address (the demo order endpoint lives there). */
  baseUrl: string | undefined;
  /** The optional semantic layer (KB_EMBEDDINGS_URL); undefined: lexical only. */
  semantic: SemanticOptions | undefined;
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(deps: Pick<Deps, 'log' | 'patterns'>) {
    this.rules = new KeywordMatcherCache(deps.log, deps.patterns);
  }

  track(work: Promise<unknown>): void {
    this.inflight.add(work);
    const done = () => void this.inflight.delete(work);
    work.then(done, done);
  }

  /** Resolves once no script HTTP call (nor the resume it leads to) is running: shutdown and tests. */
  async whenIdle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }
}

const runtimes = new WeakMap<object, BotRuntime>();

export function botRuntime(deps: Pick<Deps, 'db' | 'log' | 'patterns'>): BotRuntime {
  let runtime = runtimes.get(deps.db);
  if (!runtime) runtimes.set(deps.db, (runtime = new BotRuntime(deps)));
  return runtime;
}

export function configureBot(deps: Pick<Deps, 'db' | 'log' | 'patterns'>, options: { baseUrl?: string; semantic?: SemanticOptions }): void {
  const runtime = botRuntime(deps);
  runtime.baseUrl = options.baseUrl?.replace(/\/+$/, '');
  runtime.semantic = options.semantic;
}

/** How this process reaches itself (script http steps to the demo endpoint): loopback when listening on every interface. */
export function selfUrl(listenAddress: string): string {
  const url = new URL(listenAddress);
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1';
  return url.origin;
}
