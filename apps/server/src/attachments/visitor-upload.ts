import type { Deps } from '../platform/deps.ts';
import { receiveInbound } from '../inbound/inbound.ts';
import { webchatChannel, type VisitorSession } from '../channels/webchat/sessions.ts';
import { fallbackText } from '../channels/webhooks/parse-payload.ts';
import { linkFiles } from './message-files.ts';

/**
 * A visitor's file is a customer message of its own: stored first (limits
 * checked: 413 / 415 with a message the widget shows), then received like
 * any message (it may open the conversation), then joined to it. The
 * clientMessageId makes a retried upload one message.
 */
export async function uploadVisitorFile(deps: Deps, s: VisitorSession, file: { bytes: Buffer; name?: string; contentType?: string; clientMessageId?: string }) {
  const channel = await webchatChannel(deps, s.channelId);
  const ref = await deps.attachments.save(
    deps.db,
    { workspaceId: s.workspaceId, source: 'customer', contactId: s.contactId, bytes: file.bytes, name: file.name, contentType: file.contentType },
    deps.clock.now(),
  );
  const result = await receiveInbound(deps, channel, {
    contact: { externalId: s.visitorId },
    text: fallbackText(ref.type, ref.name),
    attachments: [ref],
    externalMessageId: file.clientMessageId ? `wc:${s.contactId}:${file.clientMessageId}` : undefined,
  });
  await linkFiles(deps.db, [ref], result.conversationId);
  return {
    conversationId: result.conversationId,
    messageId: result.messageId,
    status: result.status,
    attachment: deps.attachments.presentOne(ref, deps.clock.now()),
  };
}
