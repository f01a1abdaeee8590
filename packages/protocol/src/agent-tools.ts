import { z } from 'zod';
import { storableText } from './http.ts';

/** Agent tools (issue #15, docs/agent-tools.md): tags, canned responses, satisfaction, wrap-up. */

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb');
const tagName = storableText().trim().min(1).max(60);

export const TagBody = z.object({ name: tagName, color: color.optional() });
export const TagPatch = z.object({ name: tagName.optional(), color: color.optional(), archived: z.boolean().optional() });
export const ConversationTagsBody = z.object({ tags: z.array(storableText().max(100)).max(20) });

const shortcut = storableText()
  .trim()
  .min(1)
  .max(40)
  .refine((s) => !/\s/.test(s), 'a shortcut has no spaces');
export const CannedResponseBody = z.object({
  shortcut,
  text: storableText().min(1).max(4000),
  /** true: only the agent who writes it sees it. */
  personal: z.boolean().optional(),
  folder: storableText().trim().max(60).nullish(),
  tags: z.array(storableText().trim().min(1).max(40)).max(10).optional(),
  language: storableText().max(20).nullish(),
  agentId: storableText().max(100).optional(),
});
export const CannedResponsePatch = CannedResponseBody.partial();
export const CannedResponseQuery = z.object({
  q: storableText().max(100).optional(),
  folder: storableText().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const CannedRenderBody = z.object({
  conversationId: storableText().max(100),
  /** Answers to the response's `{{?prompt}}` placeholders, by prompt text. */
  answers: z.record(storableText().max(200), storableText().max(1000)).optional(),
});

export const CsatSettingsBody = z.object({
  enabled: z.boolean(),
  /** The question sent to the customer (a numbered prompt is added on messaging channels). */
  message: storableText().max(500).optional(),
  /** strict: only a lone digit 1–5 is a rating; lenient: "5 stars!!!" is 5 and its words the comment. */
  replyMatching: z.enum(['strict', 'lenient']).optional(),
  thanksMessage: storableText().max(500).optional(),
  /** Tell the agent when a customer rates 4 or 5. */
  congratulate: z.boolean().optional(),
});
export const AgentToolsSettingsBody = z.object({
  /** Seconds after close during which the agent's seat stays counted; 0 = none. */
  wrapUpSeconds: z.number().int().min(0).max(3600).optional(),
  /** At least one tag must be chosen to close a conversation. */
  tagsRequiredAtClose: z.boolean().optional(),
});
export const WidgetCsatBody = z.object({ rating: z.number().int().min(1).max(5), comment: storableText().max(1000).optional() });
export const ViewingBody = z.object({ state: z.enum(['viewing', 'typing', 'left']) });
