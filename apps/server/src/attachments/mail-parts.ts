import { DomainError } from '@switchboard/core';
import type { Deps } from '../platform/deps.ts';

interface MailPart {
  content: Buffer;
  contentType: string;
  filename?: string;
}

/**
 * A received mail's parts, kept as files: each part's metadata (from
 * parse-mail.ts, in the same order) joined with its stored ref. A part the
 * limits refuse stays as metadata with the reason, so the agent sees that
 * something was attached and why it is not there; the mail is still taken.
 */
export async function storeMailParts(deps: Deps, workspaceId: string, parts: MailPart[], described: unknown[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const [i, meta] of described.entries()) {
    const part = parts[i];
    if (!part?.content?.length) {
      out.push(meta);
      continue;
    }
    try {
      const ref = await deps.attachments.save(
        deps.db,
        { workspaceId, source: 'channel', bytes: part.content, name: (meta as { filename?: string }).filename ?? part.filename, contentType: part.contentType },
        deps.clock.now(),
      );
      // A forwarded mail keeps its kind ('message'): the console shows it as the mail it is.
      const kind = (meta as { type?: string }).type === 'message' ? 'message' : ref.type;
      out.push({ ...(meta as object), ...ref, type: kind });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      out.push({ ...(meta as object), refused: error.code, refusedBecause: error.message });
    }
  }
  return out;
}
