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
});

export const ConversationListQuery = z.object({
  status: ConversationStatus.optional(),
  channelId: z.string().max(100).optional(),
  assigneeId: z.string().max(100).optional(),
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
  .object({ agentId: z.string().max(100).optional(), skills: z.array(skillName).max(20).optional() })
  .refine((b) => b.agentId !== undefined || b.skills !== undefined, { message: 'give agentId or skills' });
export const AgentMessageBody = z.object({ text: messageText.min(1), agentId: z.string().max(100).optional() });
export const StartConversationBody = z.object({
  channelId: z.string().max(100),
  contact: z.object({ externalId, name: z.string().max(200).optional() }),
  text: messageText.min(1),
  agentId: z.string().max(100).optional(),
});

export const LoginBody = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(200), workspaceId: z.string().optional() });

export const IdParams = z.object({ id: z.string().min(1).max(100) });
