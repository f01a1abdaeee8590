/** One answer of the platform stand-in: the request's body and the message id it answered with. */
export interface Delivery {
  chat_id?: unknown;
  text?: unknown;
  n: number;
  answeredAt: string;
}

export const chatAndText = (d: { chat_id?: unknown; text?: unknown }) => `${String(d.chat_id)}\u0000${String(d.text)}`;

/**
 * The sends the platform accepted that no outbox row recorded: a sender got
 * (or was about to get) the platform's answer and died, or lost its claim,
 * before writing it down, so the row went out again and recorded the later
 * answer's id. Each is a message the customer got twice. Counted by the ids
 * the platform handed out, not by text: two messages may say the same thing
 * (R12's "You are number 3 in the queue" reaches many customers, and one
 * customer more than once).
 */
export function unrecordedSends(deliveries: Delivery[], recordedIds: Set<string>): Delivery[] {
  return deliveries.filter((d) => !recordedIds.has(String(d.n)));
}
