import type { ChatMessage } from './api.ts';
import { h } from './dom.ts';
import type { Translate } from './i18n.ts';
import { linkify } from './linkify.ts';
import { fileItems, onlyFileText } from './files.ts';
import { csatStars } from './csat-stars.ts';

type Shown = Pick<ChatMessage, 'sender' | 'text'> & Partial<Pick<ChatMessage, 'attachments' | 'createdAt' | 'agentName'>>;

/** One message: who and when, the text with its links, and any buttons the bot offered. */
export function messageItem(m: Shown, t: Translate, onButton: (value: string) => void) {
  const item = h('li', { class: `msg msg-${m.sender}` }, header(m, t));
  if (!onlyFileText(m.text, m.attachments)) item.append(textOf(m.text));
  item.append(...fileItems(m.attachments, t));
  // 'buttons' and 'quick_replies' alike: a row of choices that send their value (or label) as the customer's answer.
  for (const a of (m.attachments ?? []) as Array<{ buttons?: unknown; type?: unknown }>) {
    if (Array.isArray(a?.buttons) && a.buttons.length) item.append(buttons(a.buttons as Array<{ label: string; value?: string }>, onButton));
    // The satisfaction survey (agent tools): a star answers it as the customer's "1"–"5".
    if (a?.type === 'csat') item.append(csatStars(t, onButton));
  }
  if (m.sender === 'customer') item.append(h('span', { class: 'meta' }));
  return item;
}

function header(m: Shown, t: Translate) {
  const who = m.sender === 'agent' ? m.agentName || t('agent') : { customer: t('you'), bot: t('bot'), system: t('system') }[m.sender];
  const at = m.createdAt ? new Date(m.createdAt) : new Date();
  const time = h(
    'time',
    { datetime: at.toISOString(), title: at.toLocaleString(t.lang) },
    at.toLocaleTimeString(t.lang, { hour: '2-digit', minute: '2-digit' }),
  );
  return h('span', { class: 'who' }, h('span', { class: 'name' }, who), time);
}

/** Text nodes and <a> elements only: links open in a new tab and tell the target nothing about this page. */
function textOf(text: string) {
  const body = h('span', { class: 'text' });
  for (const piece of linkify(text)) {
    body.append(piece.href ? h('a', { href: piece.href, target: '_blank', rel: 'noopener noreferrer' }, piece.text) : piece.text);
  }
  return body;
}

function buttons(list: Array<{ label: string; value?: string }>, onButton: (value: string) => void) {
  const row = h('div', { class: 'buttons' });
  for (const b of list) {
    const el = h('button', { type: 'button' }, b.label);
    el.onclick = () => {
      row.querySelectorAll('button').forEach((x) => (x.disabled = true));
      onButton(b.value ?? b.label);
    };
    row.append(el);
  }
  return row;
}

/** The channel's greeting: shown first, in the bot's place, never stored. */
export function greetingItem(text: string, t: Translate) {
  return h('li', { class: 'msg msg-bot msg-greeting' }, h('span', { class: 'who' }, h('span', { class: 'name' }, t('title'))), textOf(text));
}
