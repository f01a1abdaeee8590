/** What a channel hands to `receiveInbound`, and what it answers. */
export interface InboundMessage {
  contact: { externalId: string; name?: string };
  text: string;
  externalMessageId?: string;
  attachments?: unknown[];
}

export interface InboundResult {
  conversationId: string;
  messageId: string;
  status: string;
  created: boolean;
}
