import { DomainError } from '@switchboard/core';
import type { z } from 'zod';

/** Validates a webhook body against a platform schema; a shape we cannot read is the sender's 400. */
export function parsePayload<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const where = result.error.issues.map((i) => `${i.path.join('.') || '/'} ${i.message}`).join('; ');
  throw new DomainError('VALIDATION_FAILED', `webhook payload not understood: ${where}`);
}

/** "[image]", "[location] Tokyo Tower": what an agent reads for content that is not text. */
export const fallbackText = (type: string, detail?: string) => (detail ? `[${type}] ${detail}` : `[${type}]`);
