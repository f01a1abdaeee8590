/** What a channel hands to `receiveInbound`, and what it answers. */
export interface InboundMessage {
  contact: { externalId: string; name?: string };
  text: string;
  externalMessageId?: string;
  attachments?: unknown[];
  /** Platform context kept with the message (reply token, speaker, reply-to, subject…): channels/platform-meta.ts. */
  platformMeta?: Record<string, unknown>;
}

export interface InboundResult {
  conversationId: string;
  messageId: string;
  status: string;
  created: boolean;
}
