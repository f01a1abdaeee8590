import type { SendContext, SendOutcome } from '../types.ts';

export interface Part {
  url: string;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * Sends the requests of one message in order, resuming after the parts an
 * earlier attempt already got accepted (row.parts_sent), so a text + image
 * reply that failed on the image does not repeat the text.
 */
export async function sendParts(
  ctx: SendContext,
  parts: Part[],
  post: (part: Part) => Promise<unknown>,
  platformId: (reply: unknown) => string | undefined,
): Promise<SendOutcome> {
  const replies: unknown[] = [];
  let first = ctx.row.platform_message_id ?? undefined;
  for (let i = ctx.row.parts_sent; i < parts.length; i++) {
    const reply = await post(parts[i]!);
    replies.push(reply);
    first ??= platformId(reply);
    if (i < parts.length - 1) await ctx.partSent(i + 1, first);
  }
  return { platformMessageId: first, response: replies.length === 1 ? replies[0] : replies };
}
