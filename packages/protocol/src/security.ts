import { z } from 'zod';
import { storableText } from './http.ts';

/* Security (SPEC §7, issue #11): passwords, deactivation, API keys, stream tickets, audit log. docs/security.md. */

const password = storableText().min(8).max(200);

export const PasswordChange = z.object({ current: storableText().min(1).max(200), next: password });
export const PasswordReset = z.object({ password });

export const API_SCOPES = ['inbound', 'read', 'write'] as const;
export const ApiKeyCreate = z.object({
  name: storableText().trim().min(1).max(200),
  scopes: z.array(z.enum(API_SCOPES)).min(1).max(3),
  /** Requests per minute for this key; 429 with Retry-After beyond it. */
  ratePerMinute: z.number().int().min(1).max(100_000).optional(),
});
export const ApiKey = z.object({
  id: storableText(),
  name: storableText(),
  prefix: storableText(),
  scopes: z.array(z.enum(API_SCOPES)),
  ratePerMinute: z.number(),
  createdAt: storableText(),
});
/** Only the answer to POST /api-keys carries `key`: it is stored as a hash and never shown again. */
export const ApiKeyCreated = ApiKey.extend({ key: storableText() });

/** `acceptUnverifiedMail`: mail failing SPF/DKIM/DMARC joins the sender's conversation (still marked); an e-mail channel's own setting wins. */
export const SecuritySettingsPatch = z.object({ agentsSeeAllTranscripts: z.boolean().optional(), acceptUnverifiedMail: z.boolean().optional() });
export const SecuritySettings = z.object({ agentsSeeAllTranscripts: z.boolean(), acceptUnverifiedMail: z.boolean() });

export const AuditLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});
