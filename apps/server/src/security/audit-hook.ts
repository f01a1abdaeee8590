import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { isSecretKey } from '../platform/secret-box.ts';
import { getKeywordRule } from '../bot/keyword-rules.ts';
import { getArticle } from '../bot/knowledge-articles.ts';
import { getScript } from '../bot/scripts.ts';
import { getContact } from '../contacts/contacts.ts';
import { getBusinessHours } from '../policy/business-hours.ts';
import { recordAudit } from './audit.ts';

/** The API view of one target now, or null when it does not exist (before a create, after a delete). */
type Reader = (deps: Deps, p: Principal, id: string, req: FastifyRequest) => Promise<unknown>;

const unanswered: Reader = (deps, p, id) =>
  deps.db.selectFrom('unanswered_questions').selectAll().where('id', '=', id).where('workspace_id', '=', p.workspaceId).executeTakeFirst();
/** A merge changes two contacts: before shows both, after the one that stays. */
const mergedPair: Reader = async (deps, p, id, req) => {
  const other = (req.body as { contactId?: string } | undefined)?.contactId;
  return { contact: await getContact(deps, p, id), merged: other ? await getContact(deps, p, other).catch(() => null) : null };
};

interface Rule {
  action: string;
  target: string;
  /** Reads the target's API view before the change and after it. */
  read: Reader;
  /** Reads "after" with this reader instead (a merge's after is one contact). */
  readAfter?: Reader;
  /** A workspace setting: the target is the workspace, not a path id. */
  workspace?: true;
}

/**
 * Admin changes whose use-cases do not write their own audit row (agents,
 * channels, settings, API keys, webhooks and the admin token do, with
 * before/after in the change's own transaction). For these the target's API
 * view is read just before the handler runs and again once it answered, and
 * the row is written before the answer is sent: who, what, before, after, when. Not in the
 * change's transaction: a process that dies between the answer and the audit
 * insert loses the row, and two admins changing one target at the same
 * instant may see each other's change in a snapshot (docs/security.md).
 */
const AUDITED: Record<string, Rule> = {
  'POST /bot/keywords': { action: 'keyword_rule.created', target: 'keyword_rule', read: getKeywordRule },
  'PATCH /bot/keywords/:id': { action: 'keyword_rule.updated', target: 'keyword_rule', read: getKeywordRule },
  'DELETE /bot/keywords/:id': { action: 'keyword_rule.deleted', target: 'keyword_rule', read: getKeywordRule },
  'POST /knowledge/articles': { action: 'article.created', target: 'article', read: getArticle },
  'PATCH /knowledge/articles/:id': { action: 'article.updated', target: 'article', read: getArticle },
  'DELETE /knowledge/articles/:id': { action: 'article.deleted', target: 'article', read: getArticle },
  'POST /knowledge/unanswered/:id/resolve': { action: 'unanswered.resolved', target: 'unanswered_question', read: unanswered },
  'DELETE /knowledge/unanswered/:id': { action: 'unanswered.dismissed', target: 'unanswered_question', read: unanswered },
  'POST /scripts': { action: 'script.created', target: 'script', read: getScript },
  'PUT /scripts/:id': { action: 'script.updated', target: 'script', read: getScript },
  'POST /scripts/:id/publish': { action: 'script.published', target: 'script', read: getScript },
  'DELETE /scripts/:id': { action: 'script.deleted', target: 'script', read: getScript },
  'PATCH /contacts/:id': { action: 'contact.updated', target: 'contact', read: getContact },
  'POST /contacts/:id/merge': { action: 'contact.merged', target: 'contact', read: mergedPair, readAfter: getContact },
  'PUT /settings/business-hours': { action: 'settings.business_hours_updated', target: 'workspace', read: getBusinessHours, workspace: true },
  'DELETE /settings/business-hours': { action: 'settings.business_hours_cleared', target: 'workspace', read: getBusinessHours, workspace: true },
};

const redacted = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(redacted);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k) ? '[redacted]' : redacted(v)]));
};

const ruleOf = (req: FastifyRequest) => AUDITED[`${req.method} ${(req.routeOptions.url ?? '').replace(/^\/api\/v1/, '')}`];
const paramId = (req: FastifyRequest) => (req.params as { id?: string } | undefined)?.id ?? null;

/** The snapshot taken before the handler ran. */
const pending = new WeakMap<FastifyRequest, { before: unknown }>();

/** The id a create answered with. */
function createdId(payload: unknown): string | null {
  if (typeof payload !== 'string') return null;
  try {
    return (JSON.parse(payload) as { id?: string }).id ?? null;
  } catch {
    return null;
  }
}

async function readOrNull(deps: Deps, read: Reader, p: Principal, id: string | null, req: FastifyRequest) {
  if (!id) return null;
  try {
    return redacted((await read(deps, p, id, req)) ?? null);
  } catch {
    return null;
  }
}

export function auditAdminChanges(deps: Deps, app: FastifyInstance) {
  app.addHook('preHandler', async (req) => {
    const rule = ruleOf(req);
    if (!rule || !req.principal) return;
    const id = rule.workspace ? req.principal.workspaceId : paramId(req);
    pending.set(req, { before: await readOrNull(deps, rule.read, req.principal, id, req) });
  });
  // onSend, not onResponse: the row is written before the answer leaves, so whoever reads the log after the answer finds it.
  app.addHook('onSend', async (req, reply, payload) => {
    const entry = pending.get(req);
    const rule = ruleOf(req);
    if (!entry || !rule || reply.statusCode >= 400 || !req.principal) return payload;
    const targetId = rule.workspace ? req.principal.workspaceId : (paramId(req) ?? createdId(payload));
    try {
      // A deleted target reads as null (its getter answers 404).
      const after = await readOrNull(deps, rule.readAfter ?? rule.read, req.principal, targetId, req);
      await recordAudit({ db: deps.db, now: deps.clock.now() }, req.principal, rule.action, rule.target, targetId, entry.before, after);
    } catch (err) {
      req.log.error({ err }, 'audit row not written');
    }
    return payload;
  });
}
