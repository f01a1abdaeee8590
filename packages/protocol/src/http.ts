import { z } from 'zod';

/**
 * Request and response bodies of the v1 HTTP API (SPEC §5). The server
 * validates with these and publishes them as OpenAPI; the console and the
 * widget import the same types.
 */

export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

const name = z.string().trim().min(1).max(200);
const skillName = z.string().trim().min(1).max(64);
export const SkillInput = z.union([skillName, z.object({ name: skillName, level: z.number().int().min(1).max(5).optional() })]);

export const AgentCreate = z.object({
  name,
  email: z.email().max(320),
  password: z.string().min(8).max(200).optional(),
  role: z.enum(['agent', 'supervisor', 'admin']).optional(),
  skills: z.array(SkillInput).max(100).optional(),
  capacity: z.number().int().min(1).max(100).optional(),
});
export const AgentUpdate = AgentCreate.partial();

export const Presence = z.enum(['offline', 'away', 'ready']);
export const PresenceUpdate = z.object({ presence: Presence, reason: z.string().trim().min(1).max(64).optional() });

export const Agent = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  skills: z.array(z.object({ name: z.string(), level: z.number() })),
  capacity: z.number(),
  presence: Presence,
  presenceReason: z.string().nullable(),
});

export const RoutingSettingsPatch = z.object({
  mode: z.enum(['auto', 'offer']).optional(),
  dispatchPerAgent: z.number().int().min(1).max(50).optional(),
  offerTimeoutSeconds: z.number().min(1).max(3600).optional(),
  stickyAgent: z.boolean().optional(),
  offlinePolicy: z.enum(['keep', 'requeue']).optional(),
});

export const RoutingSettings = z.object({
  mode: z.enum(['auto', 'offer']),
  dispatchPerAgent: z.number(),
  offerTimeoutSeconds: z.number(),
  stickyAgent: z.boolean(),
  offlinePolicy: z.enum(['keep', 'requeue']),
});

export const CHANNEL_TYPES = ['api', 'webchat', 'line', 'telegram', 'whatsapp', 'messenger', 'email'] as const;
const keywordList = z.array(z.string().trim().min(1).max(100)).max(50);

export const ChannelCreate = z.object({
  type: z.enum(CHANNEL_TYPES),
  name,
  bot: z.boolean().optional(),
  skills: z.array(skillName).max(20).optional(),
  priority: z.number().int().min(-100_000).max(100_000).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  handoffKeywords: keywordList.nullable().optional(),
  returnKeywords: keywordList.optional(),
  scriptId: z.string().nullable().optional(),
});
export const ChannelUpdate = ChannelCreate.omit({ type: true }).partial();

const externalId = z.string().trim().min(1).max(256);
const messageText = z.string().max(20_000);

export const InboundBody = z.object({
  contact: z.object({ externalId, name: z.string().max(200).optional() }),
  text: messageText,
  externalMessageId: z.string().min(1).max(256).optional(),
});
export const InboundResult = z.object({ conversationId: z.string(), messageId: z.string(), status: z.string() });

export const ConversationStatus = z.enum(['bot', 'script', 'waiting', 'dispatching', 'processing', 'completed']);

export const Conversation = z.object({
  id: z.string(),
  status: ConversationStatus,
  channelId: z.string(),
  contactId: z.string(),
  assigneeId: z.string().nullable(),
  skills: z.array(z.string()),
  priority: z.number(),
  offer: z.object({ agentId: z.string(), expiresAt: z.string() }).nullable(),
  queueKey: z.number().nullable(),
  queuePosition: z.number().nullable().optional(),
  messageCount: z.number(),
  closeReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  /** What a person reads a list by (lists and GET /conversations/:id). */
  contact: z.object({ id: z.string(), name: z.string().nullable(), displayName: z.string() }).optional(),
  channel: z.object({ id: z.string(), type: z.string(), name: z.string() }).optional(),
  lastMessage: z.object({ sender: z.string(), text: z.string(), createdAt: z.string() }).nullable().optional(),
  lastCustomerMessageAt: z.string().nullable().optional(),
  handoffAt: z.string().nullable().optional(),
  /** With `q`: the latest message that matched. */
  match: z.object({ messageId: z.string(), sender: z.string(), text: z.string(), createdAt: z.string() }).optional(),
});

export const ConversationListQuery = z.object({
  status: ConversationStatus.optional(),
  channelId: z.string().max(100).optional(),
  assigneeId: z.string().max(100).optional(),
  contactId: z.string().max(100).optional(),
  /** Created at or after this ISO time. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Created before this ISO time. */
  to: z.iso.datetime({ offset: true }).optional(),
  /** Message text to find: words, or a Chinese / Japanese phrase. */
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

export const Message = z.object({
  id: z.string(),
  conversationId: z.string(),
  sender: z.enum(['customer', 'agent', 'bot', 'system']),
  agentId: z.string().nullable(),
  text: z.string(),
  attachments: z.array(z.unknown()),
  externalMessageId: z.string().nullable(),
  delivery: z.string().nullable(),
  deliveryError: z.string().nullable(),
  createdAt: z.string(),
});

export const HandoffBody = z.object({ skills: z.array(skillName).max(20).optional(), priority: z.number().int().min(-100_000).max(100_000).optional() });
export const ActingAgentBody = z.object({ agentId: z.string().max(100).optional() }).nullish();
export const CloseBody = z.object({ agentId: z.string().max(100).optional(), reason: z.string().max(64).optional() }).nullish();
export const TransferBody = z
  .object({
    agentId: z.string().max(100).optional(),
    skills: z.array(skillName).max(20).optional(),
    /** For the receiving agent: recorded in the `transferred` history event and shown in its timeline. */
    note: z.string().max(1000).optional(),
  })
  .refine((b) => b.agentId !== undefined || b.skills !== undefined, { message: 'give agentId or skills' });
export const ImageAttachment = z.object({ type: z.literal('image'), url: z.url({ protocol: /^https?$/ }) });
export const AgentMessageBody = z
  .object({ text: messageText, agentId: z.string().max(100).optional(), attachments: z.array(ImageAttachment).max(5).optional() })
  .refine((b) => b.text.trim() !== '' || (b.attachments?.length ?? 0) > 0, { message: 'give text or at least one image' });
export const StartConversationBody = z.object({
  channelId: z.string().max(100),
  contact: z.object({ externalId, name: z.string().max(200).optional() }),
  text: messageText.min(1),
  agentId: z.string().max(100).optional(),
});

export const LoginBody = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(200), workspaceId: z.string().optional() });

export const IdParams = z.object({ id: z.string().min(1).max(100) });

export const LeaveBody = z.object({ contact: z.object({ externalId }) });

/* Bot (issue #4): keyword rules, knowledge base, bot settings, scripts. docs/bot.md, "Server and API". */

export const KeywordAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('handoff'), skills: z.array(skillName).max(20).optional(), priority: z.number().int().min(-100_000).max(100_000).optional() }),
  z.object({ type: z.literal('start_script'), scriptId: z.string().min(1).max(64) }),
  z.object({ type: z.literal('close') }),
]);

export const KeywordRuleCreate = z.object({
  /** Absent or null: a workspace rule, tried after every channel's own rules. */
  channelId: z.string().min(1).max(100).nullable().optional(),
  match: z.enum(['exact', 'contains', 'regex']),
  pattern: z.string().min(1).max(500),
  reply: z.string().trim().min(1).max(4000).nullable().optional(),
  action: KeywordAction.nullable().optional(),
  /** 0-based place within its scope; default last. */
  position: z.number().int().min(0).max(1_000_000).optional(),
});
export const KeywordRulePatch = KeywordRuleCreate.omit({ channelId: true }).partial();
export const KeywordRuleListQuery = z.object({ channelId: z.string().min(1).max(100).optional() });

const articleText = (max: number) => z.string().trim().min(1).max(max);
export const KnowledgeArticleCreate = z.object({
  question: articleText(1000),
  answer: articleText(10_000),
  alternatives: z.array(articleText(1000)).max(50).optional(),
  tags: z.array(articleText(64)).max(50).optional(),
});
export const KnowledgeArticlePatch = KnowledgeArticleCreate.partial();
export const KnowledgeListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(100).optional(),
});
export const KnowledgeSearchQuery = z.object({ q: z.string().min(1).max(2000), limit: z.coerce.number().int().min(1).max(50).default(5) });

export const BotSettingsPatch = z.object({
  kbThreshold: z.number().min(0).max(1).optional(),
  fallbackText: z.string().trim().min(1).max(2000).optional(),
  inactivityMinutes: z.number().min(1).max(10_080).optional(),
  scriptVariables: z.record(z.string().min(1).max(64), z.string().max(2000)).optional(),
  /** The workspace's knowledge-base synonym groups, on top of the seed list; the first member is canonical. */
  kbSynonyms: z
    .array(z.array(z.string().trim().min(1).max(64)).min(2).max(50))
    .max(1000)
    .optional(),
});

/** A script definition (docs/bot.md, "Conversation scripts"); checked by the core's validateScript, not here. */
export const ScriptBody = z.record(z.string(), z.unknown());
export const ScriptVersionParams = z.object({ id: z.string().min(1).max(100), version: z.coerce.number().int().min(1) });
export const ScriptSimulateBody = z.object({
  inputs: z.array(z.union([z.string().max(20_000), z.record(z.string(), z.unknown())])).max(500),
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  /** A published version; default the draft. */
  version: z.number().int().min(1).optional(),
});

/* Contacts (issue #2): list and search, edit, merge two into one person. docs/contacts.md. */

/** How much a contact's attributes may hold after a PATCH that adds to them (removing is always allowed). */
export const CONTACT_ATTRIBUTE_LIMITS = { keys: 100, keyLength: 64, bytes: 16_384 } as const;

/** UTF-8 size of a value's JSON: the bound a PATCH is held to. */
export const jsonBytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

export const ContactListQuery = z.object({
  /** A name contains it (any case), or an identity's externalId is exactly it. */
  q: z.string().max(256).optional(),
  /** Only contacts with an identity on this channel (and, with q, the externalId match is on this channel). */
  channelId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(100).optional(),
});

export const ContactPatch = z
  .object({
    /** null clears it; the channel may set it again (a contact's name follows what its channel last said). */
    name: name.nullable().optional(),
    /** Merged into the stored attributes key by key; a key set to null is removed. */
    attributes: z
      .record(z.string().min(1).max(CONTACT_ATTRIBUTE_LIMITS.keyLength), z.unknown())
      .refine((a) => Object.keys(a).length <= CONTACT_ATTRIBUTE_LIMITS.keys, { message: `at most ${CONTACT_ATTRIBUTE_LIMITS.keys} keys` })
      .refine((a) => jsonBytes(a) <= CONTACT_ATTRIBUTE_LIMITS.bytes, { message: `at most ${CONTACT_ATTRIBUTE_LIMITS.bytes} bytes of JSON` })
      .optional(),
  })
  .refine((b) => b.name !== undefined || b.attributes !== undefined, { message: 'give name or attributes' });

export const ContactMergeBody = z.object({ contactId: z.string().min(1).max(100) });

export const Contact = z.object({
  id: z.string(),
  name: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  lastAgentId: z.string().nullable(),
  identities: z.array(z.object({ channelId: z.string(), externalId: z.string() })),
});
