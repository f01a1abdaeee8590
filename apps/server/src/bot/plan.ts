import {
  continueScript,
  isConversationStatus,
  normalizeText,
  startScript,
  type KeywordRule,
  type KnowledgeArticle,
  type KnowledgeMatch,
  type ScriptDefinition,
  type ScriptInput,
  type ScriptResult,
  type ScriptState,
} from '@switchboard/core';
import type { ChannelRow, ConversationRow } from '../db/schema.ts';
import { FEEDBACK_THANKS, feedbackButtons, feedbackVerdict } from './kb-feedback.ts';
import { isHandoffText, isReturnText } from './keywords.ts';
import { semanticPick, semanticVeto } from './semantic.ts';
import type { BotContext } from './bot-context.ts';

/** Why the bot did what it did: recorded on the conversation so a supervisor can see it. */
export type BotDecision =
  | { cause: 'handoff_keyword' }
  | { cause: 'channel_without_bot' }
  | { cause: 'keyword_rule'; ruleId: string; pattern?: string; action?: string; scriptUnavailable?: boolean; tags?: string[] }
  /** `semantic`: the provider's similarity, when it (not the lexical score) cleared the bar. */
  | { cause: 'knowledge'; articleId: string; question?: string; score: number; semantic?: number }
  /** `semantic`: the provider's similarity when it vetoed the lexical answer (bestArticleId). */
  | { cause: 'fallback'; bestArticleId?: string; bestScore?: number; semantic?: number }
  /** Two neighbouring articles scored too close to tell apart: the customer was asked to choose (quick replies). */
  | { cause: 'kb_clarify'; articleIds: string[]; scores: number[] }
  /** The customer's verdict on the last knowledge-base answer (decision 0015): not helpful hands off. */
  | { cause: 'kb_helpful' }
  | { cause: 'kb_not_helpful' }
  | { cause: 'channel_script'; scriptId: string }
  | { cause: 'script_unavailable'; scriptId: string };

export interface ScriptRun {
  def: ScriptDefinition;
  result: ScriptResult;
  /** A new run (the conversation moves into `script`), not a continued one. */
  started: boolean;
}

/**
 * What one customer message (or HTTP result) will do, decided before any lock
 * is taken: the caller takes the workspace routing lock only when the plan
 * routes. Pure apart from reading the caches.
 */
export type BotPlan =
  /** Stored only: R7 (queued or with an agent), or nothing to say. */
  | { type: 'silent' }
  | { type: 'route'; decision: BotDecision; reply?: string; skills?: string[]; priority?: number }
  | { type: 'return_to_bot' }
  | {
      type: 'reply';
      decision: BotDecision;
      text?: string;
      close: boolean;
      /** Quick replies under the text (the helpful / not helpful pair after a knowledge-base answer). */
      buttons?: Array<{ label: string; value: string }>;
      /** A fallback: the question and the closest articles, kept for admins (knowledge-signals.ts). */
      unanswered?: { text: string; nearMisses: Array<{ articleId: string; score: number }> };
    }
  | { type: 'script'; decision?: BotDecision; reply?: string; run: ScriptRun };

export function planNeedsRouting(plan: BotPlan): boolean {
  if (plan.type === 'route' || plan.type === 'return_to_bot') return true;
  return plan.type === 'script' && plan.run.result.effect?.type === 'handoff';
}

/**
 * Whether carrying the plan out needs the workspace's routing lock taken before the conversation's row.
 * A hand-off from the bot does not: the engine does not know a conversation before its hand-off, so the
 * hand-off is stored pending and routed after COMMIT in the routing group commit (decision 0024), as a
 * new customer's is. Leaving routing (return to bot) and a script's hand-off still take it first.
 */
export function planTakesRoutingLock(plan: BotPlan): boolean {
  return planNeedsRouting(plan) && plan.type !== 'route';
}

type Ctx = () => Promise<BotContext>;

export async function planMessage(channel: ChannelRow, conv: ConversationRow | undefined, text: string, ctx: Ctx): Promise<BotPlan> {
  if (!conv) return planNewConversation(channel, text, ctx);
  const status = conv.status;
  if (!isConversationStatus(status)) return { type: 'silent' };
  switch (status) {
    case 'bot':
      return channel.bot ? planBot(await ctx(), text) : { type: 'route', decision: { cause: 'channel_without_bot' } };
    case 'script':
      if (isHandoffText(channel, text)) return { type: 'route', decision: { cause: 'handoff_keyword' } };
      return planScriptInput(await ctx(), conv, { type: 'text', text });
    case 'waiting':
    case 'dispatching':
    case 'processing':
      // R7: only a return-to-bot keyword acts while queued or with an agent.
      return isReturnText(channel, text) ? { type: 'return_to_bot' } : { type: 'silent' };
    case 'completed':
      return { type: 'silent' };
    default:
      return assertNever(status);
  }
}

async function planNewConversation(channel: ChannelRow, text: string, ctx: Ctx): Promise<BotPlan> {
  const automated = channel.bot || channel.script_id !== null;
  if (automated && isHandoffText(channel, text)) return { type: 'route', decision: { cause: 'handoff_keyword' } };
  if (channel.script_id) {
    const c = await ctx();
    const def = await c.latestScript(channel.script_id);
    if (def) return { type: 'script', decision: { cause: 'channel_script', scriptId: def.id }, run: start(c, def) };
  }
  if (!channel.bot) return { type: 'route', decision: { cause: 'channel_without_bot' } };
  return planBot(await ctx(), text);
}

export async function planBot(c: BotContext, text: string): Promise<BotPlan> {
  if (isHandoffText(c.channel, text)) return { type: 'route', decision: { cause: 'handoff_keyword' } };
  const rule = c.matcher.match(text);
  if (rule) return planRule(c, rule);
  if (normalizeText(text) === '') return { type: 'silent' };
  const verdict = c.knowledge.size > 0 ? feedbackVerdict(text) : null;
  if (verdict === 'not_helpful') return { type: 'route', decision: { cause: 'kb_not_helpful' } };
  if (verdict === 'helpful') return { type: 'reply', text: FEEDBACK_THANKS, close: false, decision: { cause: 'kb_helpful' } };
  return planKnowledge(c, text);
}

async function planKnowledge(c: BotContext, text: string): Promise<BotPlan> {
  const found = c.knowledge.decide(text, { threshold: c.settings.kbThreshold, limit: NEAR_MISSES });
  const hits = found.hits;
  if (found.type === 'answer') {
    const { article, score } = found.match;
    const vetoed = c.semantic ? await semanticVeto(c.semantic, text, article, score) : null;
    if (vetoed === null) return knowledgeReply(article, { cause: 'knowledge', articleId: article.id, question: article.question, score: round(score) });
    return fallbackReply(c, text, hits, round(vetoed));
  }
  if (found.type === 'clarify') return clarifyReply(text, found.options, c.channel.type);
  const semantic =
    c.semantic &&
    (await semanticPick(
      c.semantic,
      text,
      hits.flatMap((h) => c.knowledge.get(h.articleId) ?? []),
    ));
  if (semantic) {
    const lexical = hits.find((h) => h.articleId === semantic.article.id)?.score ?? 0;
    return knowledgeReply(semantic.article, {
      cause: 'knowledge',
      articleId: semantic.article.id,
      question: semantic.article.question,
      score: round(lexical),
      semantic: round(semantic.similarity),
    });
  }
  // A bot with neither rules nor articles stays silent: a fresh workspace is a plain inbox until configured.
  if (c.matcher.size === 0 && c.knowledge.size === 0) return { type: 'silent' };
  return fallbackReply(c, text, hits);
}

/** The fallback text, the question kept for admins; `semantic`: the similarity that vetoed the best article. */
function fallbackReply(c: BotContext, text: string, hits: ReadonlyArray<{ articleId: string; score: number }>, semantic?: number): BotPlan {
  const best = hits[0];
  const decision: BotDecision = best
    ? { cause: 'fallback', bestArticleId: best.articleId, bestScore: round(best.score), ...(semantic !== undefined && { semantic }) }
    : { cause: 'fallback' };
  const nearMisses = hits.map((h) => ({ articleId: h.articleId, score: round(h.score) }));
  return { type: 'reply', text: c.settings.fallbackText, close: false, decision, unanswered: { text, nearMisses } };
}

/**
 * Neighbouring topics (refund / returns): the bot asks which one, each
 * article's question a quick reply whose value is that question, so a tap
 * answers it (KnowledgeIndex.decide takes an offered question as the pick).
 * A channel that does not show quick replies would get the two questions
 * in the text, to type or copy; every channel shows them now, each in its
 * platform's format (channels/<type>/quick-replies.ts; mail as a numbered list).
 */
export function clarifyReply(text: string, options: ReadonlyArray<KnowledgeMatch>, channelType: string): BotPlan {
  const ask = CLARIFY_TEXT[languageOf(text)];
  return {
    type: 'reply',
    text: BUTTON_CHANNELS.has(channelType) ? ask : [ask, ...options.map((o) => `・${o.article.question}`)].join('\n'),
    close: false,
    decision: { cause: 'kb_clarify', articleIds: options.map((o) => o.articleId), scores: options.map((o) => round(o.score)) },
    buttons: options.map((o) => ({ label: o.article.question, value: o.article.question })),
  };
}

/** Channels that show the quick-reply attachment (the widget, the platforms' buttons, mail's numbered list; API clients get it in the payload). */
const BUTTON_CHANNELS = new Set(['webchat', 'api', 'line', 'telegram', 'messenger', 'instagram', 'whatsapp', 'email']);

const CLARIFY_TEXT = { zh: '請問您想問的是哪一個？', ja: 'どちらのご質問でしょうか？', en: 'Which of these do you mean?' } as const;

function languageOf(text: string): keyof typeof CLARIFY_TEXT {
  return /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text) ? 'ja' : /\p{Script=Han}/u.test(text) ? 'zh' : 'en';
}

function knowledgeReply(article: KnowledgeArticle, decision: BotDecision): BotPlan {
  return { type: 'reply', text: article.answer, close: false, decision, buttons: feedbackButtons(article.answer) };
}

/** How many of the closest articles an unanswered question keeps (and the semantic layer looks at). */
const NEAR_MISSES = 3;

async function planRule(c: BotContext, rule: KeywordRule): Promise<BotPlan> {
  const action = rule.action;
  const decision = {
    cause: 'keyword_rule' as const,
    ruleId: rule.id,
    pattern: rule.pattern,
    ...(action && { action: action.type }),
    ...(rule.tags?.length && { tags: rule.tags }),
  };
  if (!action) return { type: 'reply', text: rule.reply, close: false, decision };
  switch (action.type) {
    case 'handoff':
      return { type: 'route', decision, reply: rule.reply, skills: action.skills, priority: action.priority };
    case 'close':
      return { type: 'reply', text: rule.reply, close: true, decision };
    case 'start_script': {
      const def = await c.latestScript(action.scriptId);
      if (!def) return { type: 'reply', text: rule.reply, close: false, decision: { ...decision, scriptUnavailable: true } };
      return { type: 'script', decision, reply: rule.reply, run: start(c, def) };
    }
    default:
      return assertNever(action);
  }
}

/** A customer message or an HTTP result for a conversation in `script`, run on the version it started with. */
export async function planScriptInput(c: BotContext, conv: ConversationRow, input: ScriptInput): Promise<BotPlan> {
  const state = conv.script_state as ScriptState | null;
  const def = state ? await c.scriptVersion(state.scriptId, state.version) : null;
  if (!state || !def) {
    const scriptId = state?.scriptId ?? 'unknown';
    return { type: 'route', decision: { cause: 'script_unavailable', scriptId } };
  }
  return { type: 'script', run: { def, result: continueScript(def, state, input, { patterns: c.patterns }), started: false } };
}

function start(c: BotContext, def: ScriptDefinition): ScriptRun {
  return { def, result: startScript(def, { patterns: c.patterns, variables: c.scriptVariables }), started: true };
}

const round = (score: number) => Math.round(score * 1000) / 1000;

function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}
