import { z } from 'zod';

/**
 * Request and response bodies of the v1 HTTP API (SPEC §5). The server
 * validates with these and publishes them as OpenAPI; the console and the
 * widget import the same types.
 */

/**
 * Text the database can store (issue #11, fuzzer finding): PostgreSQL refuses
 * U+0000 in text and jsonb, and an unpaired surrogate half is not UTF-8. Every
 * string field of a request is one of these, so such input is a 400 here, not a 500 later.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isStorableText = (s: string) => !UNSTORABLE.test(s);
const STORABLE_MESSAGE = 'must not contain NUL characters or unpaired surrogates';
export const storableText = () => z.string().refine(isStorableText, STORABLE_MESSAGE);

/** Free-form JSON (channel config, script definitions, attributes): every string in it, keys too, must be storable. */
function storableDeep(value: unknown): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (Array.isArray(value)) return value.every(storableDeep);
  if (value && typeof value === 'object') return Object.entries(value).every(([k, v]) => isStorableText(k) && storableDeep(v));
  return true;
}
export const storableJson = () => z.unknown().refine(storableDeep, STORABLE_MESSAGE);

export const ErrorBody = z.object({ error: z.object({ code: storableText(), message: storableText() }) });

const name = storableText().trim().min(1).max(200);
export const skillName = storableText().trim().min(1).max(64);
export const SkillInput = z.union([skillName, z.object({ name: skillName, level: z.number().int().min(1).max(5).optional() })]);

export const AgentCreate = z.object({
  name,
  email: z.email().max(320),
  password: storableText().min(8).max(200).optional(),
  role: z.enum(['agent', 'supervisor', 'admin']).optional(),
  skills: z.array(SkillInput).max(100).optional(),
  capacity: z.number().int().min(1).max(100).optional(),
});
export const AgentUpdate = AgentCreate.partial().extend({ active: z.boolean().optional() });

export const Presence = z.enum(['offline', 'away', 'ready']);
export const PresenceUpdate = z.object({ presence: Presence, reason: storableText().trim().min(1).max(64).optional() });

export const Agent = z.object({
  id: storableText(),
  name: storableText(),
  email: storableText(),
  role: storableText(),
  skills: z.array(z.object({ name: storableText(), level: z.number() })),
  capacity: z.number(),
  presence: Presence,
  presenceReason: storableText().nullable(),
  /** Deactivated agents cannot log in and are never routed to. */
  active: z.boolean(),
});

/** Whole seconds ≥ 1, or null = off (SPEC R13/R14 timers). */
const timerSeconds = z.number().int().min(1).max(30 * 24 * 3600).nullable().optional();
const policyMessage = storableText().trim().min(1).max(2000).nullable().optional();

/** SPEC R10: a relaxation policy (validated further by core's validateRelaxationPolicy). */
export const RelaxationPolicyInput = z.object({
  relaxTo: z.array(skillName).max(20),
  relaxAfterSeconds: z.number().int().min(1).max(30 * 24 * 3600).nullable().optional(),
  relaxWhenNoneOnline: z.boolean().optional(),
});

/** Queue-policy fields of PATCH /settings/routing (SPEC §5 "Queue policy"). */
export const QueuePolicyRoutingPatch = z.object({
  firstReplySeconds: timerSeconds,
  customerIdleSeconds: timerSeconds,
  customerIdleCloseSeconds: timerSeconds,
  disconnectGraceSeconds: z.number().int().min(0).max(24 * 3600).optional(),
  visitorGraceSeconds: z.number().int().min(0).max(24 * 3600).optional(),
  serviceLevelSeconds: z.number().int().min(1).max(24 * 3600).optional(),
  serviceLevelTarget: z.number().min(0).max(1).optional(),
  /** The customer-idle reminder's text. */
  customerIdleMessage: policyMessage,
  /** The workspace's default waiting message ({position}, {eta}) and R10 default policy. */
  waitingMessage: policyMessage,
  /** R12: repeat the waiting message every this many seconds while it waits (null = once, the default). */
  waitingRepeatSeconds: z.number().int().min(30).max(24 * 3600).nullable().optional(),
  relaxation: RelaxationPolicyInput.nullable().optional(),
});

/** SPEC R11 schedule; times and dates are checked by core's validateBusinessHours (details name the path). */
const openIntervals = z.array(z.tuple([storableText().max(5), storableText().max(5)])).max(24);
export const BusinessHoursSchedule = z.object({
  timezone: storableText().min(1).max(64),
  weekly: z.record(storableText(), openIntervals),
  closedDates: z.array(storableText().max(10)).max(1000).optional(),
  specialDates: z.record(storableText(), openIntervals).optional(),
});
export const BusinessHoursPut = BusinessHoursSchedule.extend({
  queueOutsideHours: z.boolean().optional(),
  offHoursMessage: policyMessage,
});

export const RoutingSettingsPatch = z.object({
  mode: z.enum(['auto', 'offer']).optional(),
  dispatchPerAgent: z.number().int().min(1).max(50).optional(),
  offerTimeoutSeconds: z.number().min(1).max(3600).optional(),
  stickyAgent: z.boolean().optional(),
  offlinePolicy: z.enum(['keep', 'requeue']).optional(),
  ...QueuePolicyRoutingPatch.shape,
});

export const RoutingSettings = z.object({
  mode: z.enum(['auto', 'offer']),
  dispatchPerAgent: z.number(),
  offerTimeoutSeconds: z.number(),
  stickyAgent: z.boolean(),
  offlinePolicy: z.enum(['keep', 'requeue']),
});

export const CHANNEL_TYPES = ['api', 'webchat', 'line', 'telegram', 'whatsapp', 'messenger', 'instagram', 'email'] as const;
const keywordList = z.array(storableText().trim().min(1).max(100)).max(50);

export const ChannelCreate = z.object({
  type: z.enum(CHANNEL_TYPES),
  name,
  bot: z.boolean().optional(),
  skills: z.array(skillName).max(20).optional(),
  priority: z.number().int().min(-100_000).max(100_000).optional(),
  config: z.record(storableText(), storableJson()).optional(),
  handoffKeywords: keywordList.nullable().optional(),
  returnKeywords: keywordList.optional(),
  scriptId: storableText().nullable().optional(),
  /** SPEC R10–R12 per channel: relaxation (null relaxTo = none), messages, an own schedule (null = the workspace's). */
  relaxTo: z.array(skillName).max(20).nullable().optional(),
  relaxAfterSeconds: z.number().int().min(1).max(30 * 24 * 3600).nullable().optional(),
  relaxWhenNoneOnline: z.boolean().optional(),
  waitingMessage: policyMessage,
  offHoursMessage: policyMessage,
  /** R12: this channel's repetition (0 = never on this channel, null = the workspace's). */
  waitingRepeatSeconds: z.union([z.literal(0), z.number().int().min(30).max(24 * 3600)]).nullable().optional(),
  businessHours: BusinessHoursSchedule.nullable().optional(),
});
export const ChannelUpdate = ChannelCreate.omit({ type: true }).partial();

const externalId = storableText().trim().min(1).max(256);
const messageText = storableText().max(20_000);

export const InboundBody = z.object({
  contact: z.object({ externalId, name: storableText().max(200).optional() }),
  text: messageText,
  externalMessageId: storableText().min(1).max(256).optional(),
});
export const InboundResult = z.object({ conversationId: storableText(), messageId: storableText(), status: storableText() });

export const ConversationStatus = z.enum(['bot', 'script', 'waiting', 'dispatching', 'processing', 'completed']);

export const Conversation = z.object({
  id: storableText(),
  status: ConversationStatus,
  channelId: storableText(),
  contactId: storableText(),
  assigneeId: storableText().nullable(),
  skills: z.array(storableText()),
  priority: z.number(),
  offer: z.object({ agentId: storableText(), expiresAt: storableText() }).nullable(),
  queueKey: z.number().nullable(),
  queuePosition: z.number().nullable().optional(),
  /** SPEC R12: seconds, null when no honest number exists (nobody qualifying ready, no history). */
  estimatedWaitSeconds: z.number().nullable().optional(),
  /** SPEC R10: the policy still pending, and when it applies. */
  relaxation: z.object({ relaxTo: z.array(storableText()), relaxAfterSeconds: z.number().nullable().optional(), relaxWhenNoneOnline: z.boolean().optional() }).nullable().optional(),
  relaxAt: storableText().nullable().optional(),
  messageCount: z.number(),
  closeReason: storableText().nullable(),
  createdAt: storableText(),
  updatedAt: storableText(),
  closedAt: storableText().nullable(),
  /** What a person reads a list by (lists and GET /conversations/:id). */
  contact: z.object({ id: storableText(), name: storableText().nullable(), displayName: storableText() }).optional(),
  channel: z.object({ id: storableText(), type: storableText(), name: storableText() }).optional(),
  lastMessage: z.object({ sender: storableText(), text: storableText(), createdAt: storableText() }).nullable().optional(),
  lastCustomerMessageAt: storableText().nullable().optional(),
  handoffAt: storableText().nullable().optional(),
  /** With `q`: the latest message that matched. */
  match: z.object({ messageId: storableText(), sender: storableText(), text: storableText(), createdAt: storableText() }).optional(),
  /** Agent tools: the customer's rating (SPEC §5), the service-reason tags, the wrap-up deadline while it runs. */
  csat: z.object({ rating: z.number(), comment: storableText().nullable() }).nullable().optional(),
  tags: z.array(z.object({ id: storableText(), name: storableText(), color: storableText() })).optional(),
  wrapUpUntil: storableText().nullable().optional(),
});

export const ConversationListQuery = z.object({
  status: ConversationStatus.optional(),
  channelId: storableText().max(100).optional(),
  assigneeId: storableText().max(100).optional(),
  contactId: storableText().max(100).optional(),
  /** Created at or after this ISO time. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Created before this ISO time. */
  to: z.iso.datetime({ offset: true }).optional(),
  /** Message text to find: words, or a Chinese / Japanese phrase. */
  q: storableText().max(200).optional(),
  /** A service-reason tag's name or id (agent tools, docs/agent-tools.md). */
  tag: storableText().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: storableText().max(500).optional(),
});

export const MessagePlatform = z.object({
  speaker: z.object({ id: storableText(), name: storableText().optional() }).optional(),
  replyTo: z.object({ platformId: storableText().optional(), text: storableText().optional(), from: storableText().optional() }).optional(),
  forwardedFrom: storableText().optional(),
  subject: storableText().optional(),
  thread: z.object({ conversationId: storableText() }).optional(),
  editedAt: storableText().optional(),
  edits: z.array(z.object({ text: storableText(), at: storableText() })).optional(),
  unsent: z.boolean().optional(),
  reaction: storableText().optional(),
  deliveredVia: z.enum(['reply', 'push']).optional(),
  messagingTag: storableText().optional(),
  template: z.object({ name: storableText(), language: storableText(), parameters: z.array(storableText()) }).optional(),
  receipt: z.enum(['delivered', 'read']).optional(),
  receiptAt: storableText().optional(),
});

export const Message = z.object({
  id: storableText(),
  conversationId: storableText(),
  sender: z.enum(['customer', 'agent', 'bot', 'system']),
  agentId: storableText().nullable(),
  text: storableText(),
  attachments: z.array(storableJson()),
  externalMessageId: storableText().nullable(),
  delivery: storableText().nullable(),
  deliveryError: storableText().nullable(),
  /** For mail: SPF, DKIM and DMARC as the server verified them; verdict "fail" means the sender is not proven. */
  mailAuth: z.object({ spf: storableText(), dkim: storableText(), dmarc: storableText(), verdict: z.enum(['pass', 'fail']) }).nullable().optional(),
  /** What the platform said beyond the text (docs/channels.md "What agents see"): speaker, replyTo, subject, editedAt, unsent, receipt… */
  platform: MessagePlatform.optional(),
  createdAt: storableText(),
  /** An internal note: staff only, never sent to the customer (docs/agent-tools.md). */
  private: z.boolean().optional(),
  mentions: z.array(storableText()).optional(),
});

export const HandoffBody = z.object({ skills: z.array(skillName).max(20).optional(), priority: z.number().int().min(-100_000).max(100_000).optional() });
export const ActingAgentBody = z.object({ agentId: storableText().max(100).optional() }).nullish();
export const CloseBody = z
  .object({ agentId: storableText().max(100).optional(), reason: storableText().max(64).optional(), tags: z.array(storableText().max(100)).max(20).optional() })
  .nullish();
export const TransferBody = z
  .object({
    agentId: storableText().max(100).optional(),
    skills: z.array(skillName).max(20).optional(),
    /** For the receiving agent: recorded in the `transferred` history event and shown in its timeline. */
    note: storableText().max(1000).optional(),
  })
  .refine((b) => b.agentId !== undefined || b.skills !== undefined, { message: 'give agentId or skills' });
/** An image by its http(s) URL, or a stored file (image or any file) by the id POST /attachments answered. */
export const ImageAttachment = z.union([
  z.object({ type: z.literal('image'), url: z.url({ protocol: /^https?$/ }) }),
  z.object({ attachmentId: storableText().min(1).max(100) }),
]);
/** Internal notes and canned-response use on an agent message (agent tools). */
const NoteFields = {
  private: z.boolean().optional(),
  /** Agent ids to notify; `@Name` in a note's text mentions too. */
  mentions: z.array(storableText().max(100)).max(20).optional(),
  /** The canned response this reply was made from: its use is counted. */
  cannedResponseId: storableText().max(100).optional(),
};
export const AgentMessageBody = z
  .object({ text: messageText, agentId: storableText().max(100).optional(), attachments: z.array(ImageAttachment).max(5).optional(), ...NoteFields })
  .refine((b) => b.text.trim() !== '' || (b.attachments?.length ?? 0) > 0, { message: 'give text or at least one image' });
export const StartConversationBody = z.object({
  channelId: storableText().max(100),
  contact: z.object({ externalId, name: storableText().max(200).optional() }),
  text: messageText.min(1),
  agentId: storableText().max(100).optional(),
});

export const LoginBody = z.object({ email: storableText().min(1).max(320), password: storableText().min(1).max(200), workspaceId: storableText().optional() });

export const IdParams = z.object({ id: storableText().min(1).max(100) });

export const LeaveBody = z.object({ contact: z.object({ externalId }) });

/* Contacts (issue #2): list and search, edit, merge two into one person. docs/contacts.md. */

/** How much a contact's attributes may hold after a PATCH that adds to them (removing is always allowed). */
export const CONTACT_ATTRIBUTE_LIMITS = { keys: 100, keyLength: 64, bytes: 16_384 } as const;

/** UTF-8 size of a value's JSON: the bound a PATCH is held to. */
export const jsonBytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

export const ContactListQuery = z.object({
  /** A name contains it (any case), or an identity's externalId is exactly it. */
  q: storableText().max(256).optional(),
  /** Only contacts with an identity on this channel (and, with q, the externalId match is on this channel). */
  channelId: storableText().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: storableText().max(100).optional(),
});

export const ContactPatch = z
  .object({
    /** null clears it; the channel may set it again (a contact's name follows what its channel last said). */
    name: name.nullable().optional(),
    /** Merged into the stored attributes key by key; a key set to null is removed. */
    attributes: z
      .record(storableText().min(1).max(CONTACT_ATTRIBUTE_LIMITS.keyLength), storableJson())
      .refine((a) => Object.keys(a).length <= CONTACT_ATTRIBUTE_LIMITS.keys, { message: `at most ${CONTACT_ATTRIBUTE_LIMITS.keys} keys` })
      .refine((a) => jsonBytes(a) <= CONTACT_ATTRIBUTE_LIMITS.bytes, { message: `at most ${CONTACT_ATTRIBUTE_LIMITS.bytes} bytes of JSON` })
      .optional(),
  })
  .refine((b) => b.name !== undefined || b.attributes !== undefined, { message: 'give name or attributes' });

export const ContactMergeBody = z.object({ contactId: storableText().min(1).max(100) });

export const Contact = z.object({
  id: storableText(),
  name: storableText().nullable(),
  attributes: z.record(storableText(), storableJson()),
  lastAgentId: storableText().nullable(),
  identities: z.array(z.object({ channelId: storableText(), externalId: storableText() })),
});
