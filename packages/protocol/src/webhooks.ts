import { z } from 'zod';
import { storableText } from './http.ts';

/* Outbound webhooks (SPEC §5 Integrations, issue #11). docs/security.md "Webhooks". */

/** An event type (`message.created`), a family (`conversation.*`) or everything (`*`). */
const EventPattern = storableText()
  .min(1)
  .max(100)
  .regex(/^(\*|[a-z][a-z_]*(\.[a-z][a-z_]*)*(\.\*)?)$/, 'an event type such as message.created, a family such as conversation.*, or *');

export const WebhookCreate = z.object({
  url: storableText()
    .max(2000)
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'an absolute http or https URL'),
  events: z.array(EventPattern).min(1).max(50),
  /** Internal notes (message data `private: true`) are sent only to a webhook created with this. */
  includePrivate: z.boolean().optional(),
});

export const Webhook = z.object({
  id: storableText(),
  url: storableText(),
  events: z.array(storableText()),
  includePrivate: z.boolean(),
  createdAt: storableText(),
});
/** Only the answer to POST /webhooks carries `secret`: the HMAC key, never shown again. */
export const WebhookCreated = Webhook.extend({ secret: storableText() });

export const WebhookDeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Deliveries created before this one (the previous page's `nextBefore`). */
  before: storableText().min(1).max(100).optional(),
});
