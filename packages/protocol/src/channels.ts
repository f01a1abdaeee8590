import { z } from 'zod';
import { storableText } from './http.ts';

/** A WhatsApp template as approved in WhatsApp Manager, listed on a channel (docs/channels.md, "Templates"). */
export const TemplateCreate = z.object({
  name: storableText().trim().regex(/^[a-z0-9_]{1,512}$/, 'template names are lower case letters, digits and _'),
  language: storableText().trim().min(2).max(15),
  category: z.enum(['UTILITY', 'MARKETING', 'AUTHENTICATION']).default('UTILITY'),
  /** The body as approved, with {{1}}, {{2}}… where the parameters go. */
  body: storableText().min(1).max(1024),
  /** One entry per {{n}} of the body, in order. */
  parameters: z.array(z.object({ name: storableText().trim().min(1).max(100), example: storableText().max(200).optional() })).max(20).default([]),
});

export const Template = z.object({
  id: storableText(),
  channelId: storableText(),
  name: storableText(),
  language: storableText(),
  category: storableText(),
  body: storableText(),
  parameters: z.array(z.object({ name: storableText(), example: storableText().optional() })),
});

export const TemplateMessageBody = z.object({
  templateId: storableText().min(1).max(100),
  /** The value of each {{n}}, in order. */
  parameters: z.array(storableText().min(1).max(1024)).max(20).default([]),
  agentId: storableText().max(100).optional(),
});

export const TemplateParams = z.object({ id: storableText().min(1).max(100), templateId: storableText().min(1).max(100) });

/** GET /conversations/:id/reply-window: what the platform will accept now. */
export const ReplyWindow = z.object({
  channelType: storableText(),
  state: z.enum(['open', 'human_agent', 'template_only', 'closed']),
  lastCustomerMessageAt: storableText().nullable(),
  freeTextUntil: storableText().nullable(),
  humanAgentUntil: storableText().nullable(),
  templates: z.array(Template),
});
