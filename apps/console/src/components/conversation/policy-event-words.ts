import type { ConversationEvent } from '../../lib/types.ts';
import type { EventContext } from './event-words.ts';

/**
 * The queue-policy rows of the history (SPEC R10–R13) in people's words:
 * which requirements were relaxed into which, what the customer was told
 * while waiting (position, estimate, the off-hours opening), and which timer
 * fired. Null for a row that is not a policy row.
 */
export function policyEventWords(e: ConversationEvent, c: EventContext): string | null {
  const { t } = c;
  const d = e.data ?? {};
  const skills = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.join(', ') : t('qp_relaxAny'));
  switch (e.type) {
    case 'requirements_relaxed': {
      const values = { from: skills(d.from), to: skills(d.to) };
      if (e.cause === 'waited') return t('ev_qp_relaxed_waited', values);
      if (e.cause === 'none_online') return t('ev_qp_relaxed_none_online', values);
      return t('ev_qp_relaxed', values);
    }
    case 'policy_message':
      switch (e.cause) {
        case 'waiting': {
          const n = typeof d.position === 'number' ? d.position : '?';
          const s = typeof d.estimatedWaitSeconds === 'number' ? d.estimatedWaitSeconds : null;
          if (s === null) return t('ev_qp_waiting_unknown', { n });
          const eta = s < 60 ? t('ev_qp_seconds') : t('ev_qp_minutes', { n: Math.round(s / 60) });
          return t('ev_qp_waiting', { n, eta });
        }
        case 'off_hours': {
          const at = typeof d.opensAt === 'string' ? new Date(d.opensAt) : null;
          const when = at
            ? new Intl.DateTimeFormat(c.lang, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(at)
            : '–';
          return t('ev_qp_off_hours', { when });
        }
        case 'passed_on':
          return t('ev_qp_passed_on');
        case 'idle_reminder':
          return t('ev_qp_idle_reminder');
        default:
          return null;
      }
    case 'timer_fired': {
      const agent = c.agents.find((a) => a.id === d.agentId)?.name ?? t('someAgent');
      if (e.cause === 'first_reply') return t('ev_qp_first_reply', { agent });
      if (e.cause === 'idle_close') return t('ev_qp_idle_close');
      // The idle reminder's own policy_message row says it.
      if (e.cause === 'idle_reminder') return null;
      return t('ev_qp_timer');
    }
    default:
      return null;
  }
}
