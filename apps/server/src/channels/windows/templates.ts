import { DomainError, notFound } from '@switchboard/core';
import type { ChannelTemplatesTable, ConversationRow } from '../../db/schema.ts';
import type { Selectable } from 'kysely';
import type { Deps } from '../../platform/deps.ts';
import type { Principal } from '../../platform/principal.ts';
import type { Tx } from '../../platform/tx.ts';
import { getChannelRow } from '../channels.ts';
import { sendAgentMessage } from '../../conversations/agent-messages.ts';

type TemplateRow = Selectable<ChannelTemplatesTable>;
export interface TemplateInput {
  name: string;
  language: string;
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  body: string;
  parameters: Array<{ name: string; example?: string }>;
}

export const templateView = (t: TemplateRow) => ({
  id: t.id,
  channelId: t.channel_id,
  name: t.name,
  language: t.language,
  category: t.category,
  body: t.body,
  parameters: t.parameters,
});

/** {{1}}…{{n}} as they appear in the body: their count must match the parameters listed. */
const placeholders = (body: string) => new Set([...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1])));

export async function listTemplates(deps: Deps, p: Principal, channelId: string) {
  await getChannelRow(deps, p.workspaceId, channelId);
  const rows = await deps.db.selectFrom('channel_templates').selectAll().where('channel_id', '=', channelId).orderBy('name').orderBy('language').execute();
  return { items: rows.map(templateView) };
}

export async function createTemplate(deps: Deps, p: Principal, channelId: string, input: TemplateInput) {
  const channel = await getChannelRow(deps, p.workspaceId, channelId);
  if (channel.type !== 'whatsapp') throw new DomainError('VALIDATION_FAILED', 'templates exist on WhatsApp channels only');
  const used = placeholders(input.body);
  if (used.size !== input.parameters.length || [...used].some((n) => n < 1 || n > input.parameters.length)) {
    throw new DomainError('VALIDATION_FAILED', `the body uses ${used.size} placeholder(s) {{1}}…; list exactly one parameter for each`);
  }
  const row = await deps.db
    .insertInto('channel_templates')
    .values({
      id: deps.ids.next('tpl'),
      workspace_id: p.workspaceId,
      channel_id: channelId,
      name: input.name,
      language: input.language,
      category: input.category,
      body: input.body,
      parameters: JSON.stringify(input.parameters),
      created_at: deps.clock.now(),
    })
    .onConflict((oc) => oc.columns(['channel_id', 'name', 'language']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new DomainError('CONFLICT', `template ${input.name} (${input.language}) is already listed on this channel`);
  return templateView(row);
}

export async function deleteTemplate(deps: Deps, p: Principal, channelId: string, templateId: string) {
  const res = await deps.db.deleteFrom('channel_templates').where('id', '=', templateId).where('channel_id', '=', channelId).where('workspace_id', '=', p.workspaceId).executeTakeFirst();
  if (res.numDeletedRows !== 1n) throw notFound('template', templateId);
}

/**
 * An agent sends a template where free text is no longer accepted (or any
 * time). The message's text is the body with its parameters filled in, so
 * the transcript reads as the customer sees it; the template's name,
 * language and parameters go to WhatsApp (whatsapp/send.ts).
 */
export function sendTemplateMessage(deps: Deps, p: Principal, conversationId: string, body: { templateId: string; parameters: string[]; agentId?: string }) {
  return sendAgentMessage(deps, p, conversationId, { text: '', agentId: body.agentId }, async (tx: Tx, conv: ConversationRow) => {
    const t = await tx.db.selectFrom('channel_templates').selectAll().where('id', '=', body.templateId).where('channel_id', '=', conv.channel_id).executeTakeFirst();
    if (!t) throw notFound('template on this conversation\'s channel', body.templateId);
    if (body.parameters.length !== t.parameters.length) {
      throw new DomainError('VALIDATION_FAILED', `template ${t.name} takes ${t.parameters.length} parameter(s), ${body.parameters.length} given`);
    }
    const text = t.body.replace(/\{\{(\d+)\}\}/g, (_, n: string) => body.parameters[Number(n) - 1] ?? '');
    return { text, platformMeta: { template: { name: t.name, language: t.language, parameters: body.parameters } } };
  });
}
