import { isMessageKey, type Lang, type Translate } from '../../lib/i18n.ts';
import type { Agent, ConversationEvent } from '../../lib/types.ts';
import { policyEventWords } from './policy-event-words.ts';

/** What the timeline needs besides the event: who is who, and where a waiting conversation stands now. */
export interface EventContext {
  t: Translate;
  lang: Lang;
  agents: Agent[];
  /** This move to `waiting`'s place in line then, and now if it still waits and has moved (positionsAtEachWait). */
  queuePosition?: { then: number; now?: number } | null;
}

/**
 * Where the conversation stood in line each time it started waiting, from its
 * history: the R12 waiting message records the position it told the customer
 * (a `policy_message` event, cause `waiting`, right after the move). A wait
 * without one (older history, an offer made at once) takes `current` when it
 * is the latest wait and the conversation still waits.
 */
export function positionsAtEachWait(events: ConversationEvent[], current?: number | null): Map<number, { then: number; now?: number }> {
  const out = new Map<number, { then: number; now?: number }>();
  let wait: number | undefined;
  for (const e of events) {
    if (e.type === 'status_changed') wait = e.to === 'waiting' ? e.id : undefined;
    const position = (e.data ?? {}).position;
    if (wait !== undefined && e.type === 'policy_message' && e.cause === 'waiting' && typeof position === 'number' && !out.has(wait)) out.set(wait, { then: position });
  }
  const latest = events.findLast((e) => e.type === 'status_changed' && e.to === 'waiting')?.id;
  if (latest !== undefined && current) {
    const then = out.get(latest)?.then;
    out.set(latest, then === undefined || then === current ? { then: current } : { then, now: current });
  }
  return out;
}

/** "3rd", "第 3 位", "3番目": a place in line, in the reader's language. */
export function ordinal(n: number, lang: Lang): string {
  if (lang !== 'en') return String(n);
  const rule = new Intl.PluralRules('en', { type: 'ordinal' }).select(n);
  return `${n}${{ one: 'st', two: 'nd', few: 'rd' }[rule as 'one' | 'two' | 'few'] ?? 'th'}`;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
/** Known words for the engine's reasons; anything else gets no parenthesis rather than an engine word. */
const word = (t: Translate, prefix: string, cause: string | undefined) => {
  const key = `${prefix}${cause ?? ''}`;
  return isMessageKey(key) ? t(key) : '';
};

function person(c: EventContext, id: unknown) {
  const agent = typeof id === 'string' ? c.agents.find((a) => a.id === id) : undefined;
  return agent?.name ?? c.t('someAgent');
}

function statusWords(e: ConversationEvent, c: EventContext): string | null {
  const { t } = c;
  const by = person(c, e.actor.type === 'agent' ? e.actor.id : undefined);
  switch (e.to) {
    case 'bot':
      return e.from === null ? t('ev_started') : t('ev_back_to_bot');
    case 'script':
      return t('ev_script_started');
    case 'waiting': {
      const why = word(t, 'why_', e.cause);
      const at = c.queuePosition;
      const line = !at ? '' : at.now ? t('ev_in_line_now', { n: ordinal(at.then, c.lang), now: ordinal(at.now, c.lang) }) : t('ev_in_line', { n: ordinal(at.then, c.lang) });
      return [t('ev_waiting'), why && `· ${why}`, line].filter(Boolean).join(' ');
    }
    case 'processing':
      return e.cause === 'agent_started' ? t('ev_agent_started', { agent: by }) : null;
    case 'completed':
      if (e.cause === 'closed_by_agent') return e.actor.type === 'agent' ? t('ev_closed_by', { agent: by }) : t('ev_closed');
      return word(t, 'closed_', e.cause) || t('ev_closed');
    default:
      // `dispatching` is the engine finding someone: the offer or assignment that follows says it in people's words.
      return null;
  }
}

function botWords(e: ConversationEvent, c: EventContext): string {
  const { t } = c;
  const d = e.data ?? {};
  switch (e.cause) {
    case 'knowledge':
      return str(d.question) ? t('ev_bot_article', { question: str(d.question)! }) : t('ev_bot_article_any');
    case 'keyword_rule':
      return str(d.pattern) ? t('ev_bot_rule', { pattern: str(d.pattern)! }) : t('ev_bot_rule_any');
    default:
      return word(t, 'bot_', e.cause) || t('ev_bot_other');
  }
}

/** One history event as a person would say it; null for engine steps nobody needs to read. */
export function describeEvent(e: ConversationEvent, c: EventContext): string | null {
  const { t } = c;
  const d = e.data ?? {};
  const agent = person(c, d.agentId ?? (e.actor.type === 'agent' ? e.actor.id : undefined));
  switch (e.type) {
    case 'status_changed':
      return statusWords(e, c);
    case 'assigned': {
      const why = word(t, 'assign_', e.cause);
      return why ? t('ev_assigned_why', { agent, why }) : t('ev_assigned', { agent });
    }
    case 'offered': {
      const seconds = typeof d.expiresAt === 'number' ? Math.round((d.expiresAt - Date.parse(e.at)) / 1000) : null;
      return seconds && seconds > 0 ? t('ev_offered_for', { agent, s: seconds }) : t('ev_offered', { agent });
    }
    case 'offer_withdrawn':
      return e.cause === 'offer_timeout' ? t('ev_offer_timeout', { agent }) : e.cause === 'agent_not_ready' ? t('ev_offer_not_ready', { agent }) : null;
    case 'offer_rejected':
      return t('ev_offer_rejected', { agent });
    case 'transferred':
      return transferWords(d, c);
    case 'bot_reply':
      return botWords(e, c);
    case 'script_step':
      return null;
    case 'requirements_relaxed':
    case 'policy_message':
    case 'timer_fired':
      return policyEventWords(e, c);
    default:
      return t('ev_other');
  }
}

function transferWords(d: Record<string, unknown>, c: EventContext): string {
  const { t } = c;
  const from = person(c, d.fromAgentId);
  const to = d.toAgentId ? person(c, d.toAgentId) : t('ev_agents_with', { skills: Array.isArray(d.skills) ? d.skills.join(', ') : '' });
  const base = t('ev_transferred', { from, to });
  return str(d.note) ? `${base}: ${str(d.note)}` : base;
}
