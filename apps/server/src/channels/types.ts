import type { IncomingHttpHeaders } from 'node:http';
import type { ChannelRow, MessageRow, OutboxRow } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';
import type { PlatformMeta } from './platform-meta.ts';
import type { MediaSource } from './media/media-types.ts';

/** Non-text content, kept as metadata; `text` of the message carries a readable fallback such as "[sticker]". */
export interface Attachment {
  type: 'image' | 'sticker' | 'file' | 'location' | 'audio' | 'video' | 'contact' | 'postback' | 'message';
  url?: string;
  /** The platform's handle for the content (LINE message id, Telegram file_id, WhatsApp media id). */
  platformId?: string;
  [key: string]: unknown;
}

/** A customer message, whatever the platform: everything receiveInbound needs. */
export interface InboundEvent {
  kind: 'message';
  contact: { externalId: string; name?: string };
  text: string;
  externalMessageId: string;
  attachments: Attachment[];
  /** Kept in messages.platform_meta: reply token, speaker, reply-to, forward, subject, platformId (platform-meta.ts). */
  platformMeta?: PlatformMeta;
}

/** The platform's word on one of our outbound messages (WhatsApp statuses, Messenger read/delivery watermarks). */
export interface ReceiptEvent {
  kind: 'receipt';
  /** One message (WhatsApp); empty with `upTo` (Messenger: everything we sent the contact until then). */
  platformMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  error?: string;
  upTo?: { contactExternalId: string; watermark: number };
}

/** The customer changed a message (Telegram edited_message); the previous text is kept. */
export interface EditEvent {
  kind: 'edit';
  platformMessageId: string;
  text: string;
}

/** The customer took a message back (LINE unsend): hidden from agents, kept stored. */
export interface UnsendEvent {
  kind: 'unsend';
  platformMessageId: string;
}

/**
 * Something the platform wants us to do in answer, done after the events are
 * stored, never failing the webhook (adapter.act): Telegram answerCallbackQuery,
 * WhatsApp mark-as-read, the LINE welcome on follow.
 */
export interface ActionEvent {
  kind: 'action';
  action: 'answerCallbackQuery' | 'markRead' | 'welcome';
  params: Record<string, string>;
}

/** A customer's reaction to a message (WhatsApp); an empty emoji removes it. Never a customer message. */
export interface ReactionEvent {
  kind: 'reaction';
  /** The platform's id of the message reacted to (ours or the customer's). */
  platformMessageId: string;
  emoji: string;
}

export type ChannelEvent = InboundEvent | ReceiptEvent | ReactionEvent | EditEvent | UnsendEvent | ActionEvent;

export type Secrets = Record<string, string | undefined>;

export interface WebhookContext {
  raw: Buffer;
  headers: IncomingHttpHeaders;
  channel: ChannelRow;
  config: Record<string, unknown>;
  secrets: Secrets;
}

export interface WebhookAdapter {
  /** Throws INVALID_SIGNATURE unless the raw body is provably from the platform. */
  verify(ctx: WebhookContext): void;
  /** Parsed JSON → normalised events, in the platform's order. Throws VALIDATION_FAILED on a shape it cannot read. */
  parse(body: unknown): ChannelEvent[];
  /** Meta's GET subscription handshake: the challenge to echo, or undefined to refuse. */
  challenge?(query: Record<string, string | undefined>, secrets: Secrets): string | undefined;
  /** Fills in what the webhook leaves out (LINE sends no display name). Must never throw. */
  enrich?(events: InboundEvent[], ctx: WebhookContext, deps: Deps): Promise<void>;
  /** Carries out an action event once everything is stored; best effort, time-capped, must never throw. */
  act?(event: ActionEvent, ctx: WebhookContext, deps: Deps): Promise<void>;
}

export interface SendContext {
  deps: Deps;
  channel: ChannelRow;
  config: Record<string, unknown>;
  secrets: Secrets;
  /** The contact's id on the platform (chat id, wa_id, PSID, e-mail address). */
  recipient: string;
  message: MessageRow;
  row: OutboxRow;
  /** Records that the first `partsSent` requests were accepted, so a retry resumes after them. */
  partSent(partsSent: number, platformMessageId?: string): Promise<void>;
}

export interface SendOutcome {
  platformMessageId?: string;
  response: unknown;
  /** Recorded on the message with `sent` (LINE deliveredVia, Messenger tag, template): channels/platform-meta.ts. */
  meta?: Record<string, unknown>;
}

export interface OutboundAdapter {
  send(ctx: SendContext): Promise<SendOutcome>;
}

export interface ChannelAdapter {
  webhook?: WebhookAdapter;
  outbound?: OutboundAdapter;
  /** Fetches customers' media into attachment storage (media/worker.ts). */
  media?: MediaSource;
}

/**
 * A send that did not go through. `permanent` means retrying cannot help (the
 * platform refused the request itself: bad recipient, bad token); anything
 * else (network, 5xx, 429) is retried with backoff.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly response?: unknown,
  ) {
    super(message);
  }
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
