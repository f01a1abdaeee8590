import type { FastifyInstance } from 'fastify';
import type { Deps } from '../platform/deps.ts';
import { isSecretKey } from '../platform/secret-box.ts';
import { recordAudit } from './audit.ts';

/**
 * Admin changes whose use-cases do not write their own audit row (agents,
 * channels, settings, API keys and the admin token do, with before/after):
 * these are recorded after a successful answer with the request body as
 * `after`. Written after the change commits, not inside it.
 */
const AUDITED: Record<string, { action: string; target: string }> = {
  'POST /bot/keywords': { action: 'keyword_rule.created', target: 'keyword_rule' },
  'PATCH /bot/keywords/:id': { action: 'keyword_rule.updated', target: 'keyword_rule' },
  'DELETE /bot/keywords/:id': { action: 'keyword_rule.deleted', target: 'keyword_rule' },
  'POST /knowledge/articles': { action: 'article.created', target: 'article' },
  'PATCH /knowledge/articles/:id': { action: 'article.updated', target: 'article' },
  'DELETE /knowledge/articles/:id': { action: 'article.deleted', target: 'article' },
  'POST /knowledge/unanswered/:id/resolve': { action: 'unanswered.resolved', target: 'unanswered_question' },
  'DELETE /knowledge/unanswered/:id': { action: 'unanswered.dismissed', target: 'unanswered_question' },
  'POST /scripts': { action: 'script.created', target: 'script' },
  'PUT /scripts/:id': { action: 'script.updated', target: 'script' },
  'POST /scripts/:id/publish': { action: 'script.published', target: 'script' },
  'DELETE /scripts/:id': { action: 'script.deleted', target: 'script' },
  'PATCH /contacts/:id': { action: 'contact.updated', target: 'contact' },
  'POST /contacts/:id/merge': { action: 'contact.merged', target: 'contact' },
};

const redacted = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(redacted);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k) ? '[redacted]' : redacted(v)]));
};

export function auditAdminChanges(deps: Deps, app: FastifyInstance) {
  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode >= 400 || !req.principal) return;
    const rule = AUDITED[`${req.method} ${(req.routeOptions.url ?? '').replace(/^\/api\/v1/, '')}`];
    if (!rule) return;
    const targetId = (req.params as { id?: string }).id ?? null;
    try {
      await recordAudit({ db: deps.db, now: deps.clock.now() }, req.principal, rule.action, rule.target, targetId, null, redacted(req.body ?? null));
    } catch (err) {
      req.log.error({ err }, 'audit row not written');
    }
  });
}
