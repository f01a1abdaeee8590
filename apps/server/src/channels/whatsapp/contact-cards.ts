import type { Attachment } from '../types.ts';

interface Card {
  name?: { formatted_name?: string; first_name?: string; last_name?: string };
  phones?: Array<{ phone?: string; wa_id?: string; type?: string }>;
  emails?: Array<{ email?: string }>;
  org?: { company?: string };
}

const cardName = (c: Card) => c.name?.formatted_name || [c.name?.first_name, c.name?.last_name].filter(Boolean).join(' ') || undefined;

/**
 * A shared contact card is something the agent acts on (call this person):
 * its name and numbers go into the text, one line per card, and the card's
 * fields are kept as a `contact` attachment.
 */
export function contactCards(cards: unknown): { text: string; attachments: Attachment[] } {
  const list = (Array.isArray(cards) ? cards : []) as Card[];
  const attachments: Attachment[] = list.map((c) => ({
    type: 'contact',
    name: cardName(c),
    phones: (c.phones ?? []).map((p) => ({ phone: p.phone, waId: p.wa_id, type: p.type })),
    emails: (c.emails ?? []).map((e) => e.email).filter(Boolean),
    ...(c.org?.company && { company: c.org.company }),
  }));
  const lines = list.map((c) => {
    const numbers = (c.phones ?? []).map((p) => p.phone ?? p.wa_id).filter(Boolean);
    return ['[contact]', cardName(c), ...numbers].filter(Boolean).join(' ');
  });
  return { text: lines.join('\n') || '[contact]', attachments };
}
