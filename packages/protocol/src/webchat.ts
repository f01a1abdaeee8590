import { z } from 'zod';
import type { QueueStanding, StreamFrame } from './stream.ts';

/* Web chat (the customer widget's public API, docs/channels.md "Web chat"): bodies, answers and visitor frames. */

const localText = z.string().trim().min(1).max(1000);
/** One text for every language, or one per language tag (`en`, `zh-TW`, `ja`); the widget picks the visitor's. */
export const LocalText = z.union([localText, z.record(z.string().min(2).max(16), localText)]);

export const PreChatField = z.enum(['optional', 'required']);

/** What a webchat channel's `config` says about its widget; anything else in the config is ignored here. */
export const WebchatSettings = z.object({
  greeting: LocalText.nullable().catch(null),
  preChat: z.object({ name: PreChatField.optional(), email: PreChatField.optional() }).nullable().catch(null),
});

export const WebchatSessionCreate = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(320).optional(),
  })
  .optional();

/** A message as a visitor sees it: no agent ids, no delivery internals; the agent's display name instead. */
export interface VisitorMessage {
  id: string;
  sender: 'customer' | 'agent' | 'bot' | 'system';
  text: string;
  attachments: unknown[];
  createdAt: string;
  agentName?: string | null;
}

export interface WebchatSessionState {
  channelId: string;
  contactId: string;
  /** `queue`: where it stands while waiting (R12), as the `queue.position` frame says it. */
  conversation: { id: string; status: string; queuePosition: number | null; queue?: QueueStanding | null } | null;
  messages: VisitorMessage[];
}

type Shared<T extends StreamFrame['type']> = Extract<StreamFrame, { type: T }>;

/** Frames on `/webchat/stream` (docs/events.md, "Web-chat visitor stream"). */
export type VisitorFrame =
  | { type: 'hello'; data: { channelId: string; contactId: string; cursor?: number; reset?: boolean } }
  | { type: 'error'; data: { code: string; message: string } }
  | { type: 'message.created'; data: VisitorMessage & { conversationId: string } }
  | Shared<'conversation.created'>
  | Shared<'conversation.status_changed'>
  | Shared<'queue.position'>
  | { type: 'typing'; data: { conversationId: string; who: 'agent' } }
  /** The satisfaction survey was answered (agent tools). */
  | { type: 'csat.recorded'; data: { conversationId: string; rating: number } };
