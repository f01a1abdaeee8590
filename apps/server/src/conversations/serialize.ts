import type { AgentPresence } from '@switchboard/core';
import { channelPolicyView } from '../policy/channel-policy.ts';
import { metaOf, platformView } from '../channels/platform-meta.ts';
import type { AgentRow, ChannelRow, ConversationRow, MessageRow } from '../db/schema.ts';

/** Row → API shape. The one place that decides what a client sees of a row. */

export function agentView(a: AgentRow) {
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    role: a.role,
    skills: Object.entries(a.skills)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([name, level]) => ({ name, level })),
    capacity: a.capacity,
    presence: a.presence as AgentPresence,
    presenceReason: a.presence_reason,
    active: a.active,
  };
}

export function channelView(c: ChannelRow) {
  return {
    id: c.id,
    type: c.type,
    name: c.name,
    bot: c.bot,
    skills: c.skills,
    priority: c.priority,
    config: c.config,
    handoffKeywords: c.handoff_keywords,
    returnKeywords: c.return_keywords,
    scriptId: c.script_id,
    ...channelPolicyView(c.queue_policy),
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function conversationView(c: ConversationRow) {
  return {
    id: c.id,
    status: c.status,
    channelId: c.channel_id,
    contactId: c.contact_id,
    assigneeId: c.assignee_id,
    skills: c.skills,
    priority: c.priority,
    offer: c.offer_agent_id && c.offer_expires_at !== null ? { agentId: c.offer_agent_id, expiresAt: iso(c.offer_expires_at) } : null,
    queueKey: c.queue_key,
    messageCount: c.message_count,
    closeReason: c.close_reason,
    relaxation: (c.relaxation as { relaxTo: string[] } | null | undefined) ?? null,
    relaxAt: iso(c.relax_at ?? null),
    createdAt: iso(c.created_at),
    updatedAt: iso(c.updated_at),
    closedAt: iso(c.closed_at),
    // Agent tools: the satisfaction rating (SPEC §5) and the wrap-up deadline while one runs.
    csat: c.csat_rating === null || c.csat_rating === undefined ? null : { rating: c.csat_rating, comment: c.csat_comment ?? null },
    wrapUpUntil: iso(c.wrap_up_until ?? null),
  };
}

export function messageView(m: MessageRow) {
  // A message the customer unsent (LINE) stays stored, but agents no longer see what it said.
  const unsent = metaOf(m).unsentAt !== undefined;
  return {
    id: m.id,
    conversationId: m.conversation_id,
    sender: m.sender,
    agentId: m.agent_id,
    text: unsent ? '' : m.text,
    attachments: unsent ? [] : m.attachments,
    externalMessageId: m.external_id,
    delivery: m.delivery,
    deliveryError: m.delivery_error,
    // What we verified for a mail (decision 0014); agents see a "fail" before they trust the sender.
    mailAuth: m.mail_auth ?? null,
    // Speaker, reply-to, subject, edits, receipts, reply/push… (channels/platform-meta.ts); {} when none.
    platform: platformView(m),
    createdAt: iso(m.created_at),
    private: m.private ?? false,
    mentions: m.mentions ?? [],
  };
}
