import type { ChatMessage } from './api.ts';
import { h } from './dom.ts';
import type { Translate } from './i18n.ts';
import { css } from './styles.ts';

export interface ViewHandlers {
  onSend: (text: string) => void;
  onInput: () => void;
  onOpenChange: (open: boolean) => void;
}

/** The widget's DOM: a bubble and a chat panel in a shadow root. No HTML strings anywhere. */
export class ChatView {
  readonly log = h('ol', { class: 'log', role: 'log', 'aria-live': 'polite' });
  private readonly panel: HTMLElement;
  private readonly bubble: HTMLButtonElement;
  private readonly status = h('div', { class: 'status', role: 'status' });
  private readonly input: HTMLTextAreaElement;
  private readonly byId = new Map<string, HTMLElement>();

  constructor(
    private readonly t: Translate,
    private readonly handlers: ViewHandlers,
  ) {
    const host = h('div', { 'data-switchboard-widget': '' });
    const root = host.attachShadow({ mode: 'open' });
    root.append(h('style', {}, css));
    this.bubble = h(
      'button',
      {
        class: 'bubble',
        type: 'button',
        'aria-label': t('open'),
        'aria-expanded': 'false',
      },
      '💬',
    );
    this.bubble.onclick = () => this.setOpen(this.panel.hidden);
    const closeButton = h('button', { type: 'button', 'aria-label': t('close') }, '×');
    closeButton.onclick = () => this.setOpen(false);
    this.input = h('textarea', {
      'aria-label': t('placeholder'),
      placeholder: t('placeholder'),
      rows: '1',
    });
    const form = h('form', {}, this.input, h('button', { type: 'submit' }, t('send')));
    form.onsubmit = (e) => {
      e.preventDefault();
      this.submit();
    };
    this.input.onkeydown = (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    };
    this.input.oninput = () => handlers.onInput();
    this.panel = h(
      'section',
      {
        class: 'panel',
        role: 'dialog',
        'aria-label': t('title'),
        id: 'sb-panel',
      },
      h('header', {}, h('h2', {}, t('title')), closeButton),
      this.log,
      this.status,
      form,
    );
    this.panel.hidden = true;
    // A listener, not `onkeydown = (e) => … && …`: an on* handler that returns false cancels every other key.
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.setOpen(false);
    });
    root.append(this.bubble, this.panel);
    document.body.append(host);
  }

  get isOpen() {
    return !this.panel.hidden;
  }

  setOpen(open: boolean) {
    this.panel.hidden = !open;
    this.bubble.setAttribute('aria-expanded', String(open));
    this.bubble.setAttribute('aria-label', open ? this.t('close') : this.t('open'));
    if (open) {
      this.input.focus();
      this.scroll();
    } else this.bubble.focus();
    this.handlers.onOpenChange(open);
  }

  private submit() {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = '';
    this.handlers.onSend(text);
  }

  has(id: string) {
    return this.byId.has(id);
  }

  /** Appends a message; `key` is its server id, or a client id while it is still being sent. */
  addMessage(m: ChatMessage, key: string, onButton: (value: string) => void) {
    const who =
      {
        customer: this.t('you'),
        agent: this.t('agent'),
        bot: this.t('bot'),
        system: this.t('system'),
      }[m.sender] ?? m.sender;
    const item = h('li', { class: `msg msg-${m.sender}` }, h('span', { class: 'who' }, who), h('span', { class: 'text' }, m.text));
    // 'buttons' and 'quick_replies' alike: a row of choices that send their value (or label) as the customer's answer.
    for (const a of m.attachments ?? []) if (Array.isArray(a.buttons) && a.buttons.length) item.append(this.buttons(a.buttons, onButton));
    if (m.sender === 'customer') item.append(h('span', { class: 'meta' }));
    this.byId.set(key, item);
    this.log.append(item);
    this.scroll();
    return item;
  }

  private buttons(buttons: Array<{ label: string; value?: string }>, onButton: (value: string) => void) {
    const row = h('div', { class: 'buttons' });
    for (const b of buttons) {
      const el = h('button', { type: 'button' }, b.label);
      el.onclick = () => {
        row.querySelectorAll('button').forEach((x) => (x.disabled = true));
        onButton(b.value ?? b.label);
      };
      row.append(el);
    }
    return row;
  }

  /** A message sent under a client id got its server id. */
  rekey(clientId: string, id: string) {
    const el = this.byId.get(clientId);
    if (!el) return;
    this.byId.delete(clientId);
    this.byId.set(id, el);
  }

  setMeta(key: string, text: string) {
    const meta = this.byId.get(key)?.querySelector('.meta');
    if (meta) meta.textContent = text;
  }

  /** Marks every customer message so far as seen (the agent answered after them). */
  markSeen() {
    this.log.querySelectorAll('.msg-customer .meta').forEach((m) => m.textContent && (m.textContent = this.t('seen')));
  }

  notice(text: string) {
    this.log.append(h('li', { class: 'msg msg-system' }, text));
    this.scroll();
  }

  setStatus(text: string) {
    this.status.textContent = text;
  }

  private scroll() {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
