/**
 * Meta's messaging windows (docs/channels.md, "Messaging windows"): what a
 * business may send a customer, measured from the customer's latest message.
 * Pure: the caller gives the channel type, that time and now.
 */

export const HOUR_MS = 3_600_000;
/** WhatsApp customer-service window; Messenger / Instagram standard messaging. */
export const STANDARD_WINDOW_MS = 24 * HOUR_MS;
/** Messenger / Instagram `HUMAN_AGENT` tag: a person may still answer for 7 days. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR_MS;

export type WindowState =
  /** Free text goes out as an ordinary reply. */
  | 'open'
  /** Free text goes out tagged HUMAN_AGENT (Messenger, Instagram): only a person may send it. */
  | 'human_agent'
  /** Only an approved template may be sent (WhatsApp). */
  | 'template_only'
  /** Nothing may be sent until the customer writes again (Messenger, Instagram after 7 days). */
  | 'closed';

export interface MessagingWindow {
  state: WindowState;
  /** Until when free text is possible (untagged); null when the channel has no window. */
  freeTextUntil: number | null;
  /** Until when a HUMAN_AGENT-tagged message is possible; null where the tag does not exist. */
  humanAgentUntil: number | null;
}

const WINDOWED = new Set(['whatsapp', 'messenger', 'instagram']);

export const hasMessagingWindow = (channelType: string) => WINDOWED.has(channelType);

/** `lastCustomerAt`: the customer's latest message on this channel, or null if they never wrote. */
export function messagingWindow(channelType: string, lastCustomerAt: number | null, now: number): MessagingWindow {
  if (!WINDOWED.has(channelType)) return { state: 'open', freeTextUntil: null, humanAgentUntil: null };
  const freeTextUntil = lastCustomerAt === null ? now : lastCustomerAt + STANDARD_WINDOW_MS;
  if (channelType === 'whatsapp') return { state: now < freeTextUntil && lastCustomerAt !== null ? 'open' : 'template_only', freeTextUntil, humanAgentUntil: null };
  const humanAgentUntil = lastCustomerAt === null ? now : lastCustomerAt + HUMAN_AGENT_WINDOW_MS;
  const state = lastCustomerAt === null ? 'closed' : now < freeTextUntil ? 'open' : now < humanAgentUntil ? 'human_agent' : 'closed';
  return { state, freeTextUntil, humanAgentUntil };
}

/** Whether a free-text message from `sender` may go out in this window (bots and system messages may not use HUMAN_AGENT). */
export function allowsFreeText(w: MessagingWindow, sender: 'agent' | 'bot' | 'system'): boolean {
  return w.state === 'open' || (w.state === 'human_agent' && sender === 'agent');
}
