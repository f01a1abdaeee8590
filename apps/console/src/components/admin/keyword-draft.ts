import type { KeywordRule } from '../../lib/types.ts';
import { splitList } from './use-crud.ts';

/**
 * The keyword form's draft: every field a rule has, so that saving sends back
 * what was loaded (an edit of the reply once dropped a handoff's skills).
 */
export interface KeywordDraft {
  id?: string;
  channelId: string;
  match: KeywordRule['match'];
  pattern: string;
  reply: string;
  actionType: '' | 'handoff' | 'start_script' | 'close';
  skills: string;
  priority: string;
  scriptId: string;
  /** 1-based place in its scope, as people count; empty: last. */
  position: string;
}

export const EMPTY_KEYWORD_DRAFT: KeywordDraft = {
  channelId: '',
  match: 'contains',
  pattern: '',
  reply: '',
  actionType: '',
  skills: '',
  priority: '',
  scriptId: '',
  position: '',
};

type Action = { type: 'handoff'; skills?: string[]; priority?: number } | { type: 'start_script'; scriptId: string } | { type: 'close' };

export function actionOf(rule: KeywordRule): Action | null {
  const a = rule.action as Action | null | undefined;
  return a && typeof a === 'object' && 'type' in a ? a : null;
}

export function toKeywordDraft(rule: KeywordRule): KeywordDraft {
  const action = actionOf(rule);
  return {
    id: rule.id,
    channelId: rule.channelId ?? '',
    match: rule.match,
    pattern: rule.pattern,
    reply: rule.reply ?? '',
    actionType: action?.type ?? '',
    skills: action?.type === 'handoff' ? (action.skills ?? []).join(', ') : '',
    priority: action?.type === 'handoff' && action.priority !== undefined ? String(action.priority) : '',
    scriptId: action?.type === 'start_script' ? action.scriptId : '',
    position: rule.position === undefined ? '' : String(rule.position + 1),
  };
}

function actionFrom(d: KeywordDraft): Action | null {
  switch (d.actionType) {
    case 'handoff': {
      const skills = splitList(d.skills);
      const priority = d.priority.trim() === '' ? undefined : Number(d.priority);
      return { type: 'handoff', ...(skills.length > 0 && { skills }), ...(priority !== undefined && { priority }) };
    }
    case 'start_script':
      return { type: 'start_script', scriptId: d.scriptId };
    case 'close':
      return { type: 'close' };
    default:
      return null;
  }
}

/** The body for POST (with channelId) or PATCH (the channel of a rule is fixed once made). */
export function keywordBody(d: KeywordDraft) {
  const position = d.position.trim() === '' ? undefined : Math.max(0, Number(d.position) - 1);
  return {
    ...(d.id === undefined && { channelId: d.channelId || null }),
    match: d.match,
    pattern: d.pattern,
    reply: d.reply.trim() || null,
    action: actionFrom(d),
    ...(position !== undefined && { position }),
  };
}
