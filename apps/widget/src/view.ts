import { h } from './dom.ts';
import type { Translate } from './i18n.ts';
import { greetingItem, messageItem } from './message-view.ts';
import { css } from './styles.ts';
import { fileControl, fileCss } from './files.ts';

export interface ViewHandlers {
  onSend: (text: string) => void;
  onInput: () => void;
  onOpenChange: (open: boolean) => void;
  onEnd: () => void;
  onFiles?: (files: File[]) => void;
}

/** The widget's DOM: a bubble and a chat panel in a shadow root. No HTML strings anywhere. */
export class ChatView {
  // A list inside the live region: role="log" on the <ol> itself would take its list semantics away.
  readonly log = h('ol', { class: 'items' });
  private readonly scroller = h('div', { class: 'log', role: 'log', 'aria-live': 'polite' }, this.log);
  private readonly panel: HTMLElement;
  private readonly bubble: HTMLButtonElement;
  private readonly badge = h('span', { class: 'badge', 'aria-hidden': 'true' });
  private unread = 0;
  private readonly status = h('div', { class: 'status', role: 'status' });
  private readonly input: HTMLTextAreaElement;
  private readonly composer: HTMLFormElement;
  private readonly footer = h('div', { class: 'footer' });
  private readonly endButton: HTMLButtonElement;
  private readonly confirm: HTMLElement;
  private readonly byId = new Map<string, HTMLElement>();
  private focusTarget: () => void;

  constructor(
    private readonly t: Translate,
    private readonly handlers: ViewHandlers,
  ) {
    const host = h('div', { 'data-switchboard-widget': '', lang: t.lang });
    this.scroller.setAttribute('aria-label', t('messages'));
    const root = host.attachShadow({ mode: 'open' });
    root.append(h('style', {}, css + fileCss));
    this.bubble = h('button', { class: 'bubble', type: 'button', 'aria-label': t('open'), 'aria-expanded': 'false', 'aria-controls': 'sb-panel' }, chatIcon());
    this.bubble.append(this.badge);
    this.badge.hidden = true;
    this.bubble.onclick = () => this.setOpen(this.panel.hidden);
    this.input = h('textarea', { 'aria-label': t('placeholder'), placeholder: t('placeholder'), rows: '1', enterkeyhint: 'send' });
    this.composer = this.buildComposer();
    this.endButton = h('button', { type: 'button', class: 'end' }, t('endChat'));
    this.endButton.hidden = true;
    this.endButton.onclick = () => this.askToEnd();
    this.confirm = this.buildConfirm();
    this.footer.append(this.composer);
    this.focusTarget = () => this.input.focus();
    this.panel = h(
      'section',
      { class: 'panel', role: 'dialog', 'aria-label': t('title'), id: 'sb-panel' },
      this.buildHeader(),
      this.scroller,
      this.status,
      this.confirm,
      this.footer,
    );
    this.panel.hidden = true;
    // A listener, not `onkeydown = (e) => … && …`: an on* handler that returns false cancels every other key.
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.setOpen(false);
    });
    root.append(this.bubble, this.panel);
    document.body.append(host);
  }

  private buildHeader() {
    const close = h('button', { type: 'button', class: 'close', 'aria-label': this.t('close') }, '×');
    close.onclick = () => this.setOpen(false);
    const titles = h('div', { class: 'titles' }, h('h2', {}, this.t('title')), h('p', {}, this.t('subtitle')));
    return h('header', {}, titles, this.endButton, close);
  }

  private buildComposer() {
    const files = fileControl(this.t, (list) => this.handlers.onFiles?.(list));
    this.input.addEventListener('paste', files.onPaste);
    const form = h('form', { class: 'composer' }, files.button, files.input, this.input, h('button', { type: 'submit', class: 'primary' }, this.t('send')));
    form.onsubmit = (e) => {
      e.preventDefault();
      this.submit();
    };
    // Enter sends, but not the Enter that picks a word in an input method (Japanese, Chinese): Chrome and
    // Firefox flag it isComposing; Safari sends it after compositionend, with keyCode 229.
    let composing = false;
    this.input.addEventListener('compositionstart', () => (composing = true));
    this.input.addEventListener('compositionend', () => (composing = false));
    this.input.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.shiftKey || e.isComposing || composing || e.keyCode === 229) return;
      e.preventDefault();
      this.submit();
    });
    this.input.addEventListener('input', () => this.handlers.onInput());
    return form;
  }

  private buildConfirm() {
    const yes = h('button', { type: 'button', class: 'danger' }, this.t('endYes'));
    const no = h('button', { type: 'button' }, this.t('endNo'));
    const bar = h('div', { class: 'confirm', role: 'group', 'aria-label': this.t('endConfirm') }, h('span', {}, this.t('endConfirm')), no, yes);
    bar.hidden = true;
    no.onclick = () => {
      bar.hidden = true;
      this.endButton.focus();
    };
    yes.onclick = () => {
      bar.hidden = true;
      this.handlers.onEnd();
      this.focusTarget();
    };
    return bar;
  }

  private askToEnd() {
    this.confirm.hidden = false;
    this.confirm.querySelector('button')?.focus();
  }

  get isOpen() {
    return !this.panel.hidden;
  }

  setOpen(open: boolean) {
    this.panel.hidden = !open;
    this.bubble.classList.toggle('open', open); // a phone's full-screen panel has its own close button
    this.bubble.setAttribute('aria-expanded', String(open));
    if (open) this.unread = 0;
    this.showUnread();
    if (open) {
      this.focusTarget();
      this.scroll();
    } else this.bubble.focus();
    this.handlers.onOpenChange(open);
  }

  /** A reply arrived while the panel was closed: counted on the bubble, and in its name for screen readers. */
  countUnread() {
    if (this.isOpen) return;
    this.unread++;
    this.showUnread();
  }

  private showUnread() {
    const open = this.isOpen;
    this.badge.hidden = open || this.unread === 0;
    this.badge.textContent = String(this.unread);
    const label = open ? this.t('close') : this.unread ? this.t('openUnread', { n: this.unread }) : this.t('open');
    this.bubble.setAttribute('aria-label', label);
  }

  /** Puts the pre-chat form where the message box goes until the visitor starts. */
  showPreChat(form: HTMLFormElement, focus: () => void) {
    this.footer.replaceChildren(form);
    this.focusTarget = focus;
    if (this.isOpen) focus();
  }

  showComposer() {
    this.footer.replaceChildren(this.composer);
    this.focusTarget = () => this.input.focus();
    if (this.isOpen) this.input.focus();
  }

  /** "End chat" is offered only while there is a conversation to end. */
  setEndable(endable: boolean) {
    this.endButton.hidden = !endable;
    if (!endable) this.confirm.hidden = true;
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
  addMessage(m: Parameters<typeof messageItem>[0], key: string, onButton: (value: string) => void) {
    const item = messageItem(m, this.t, onButton);
    this.byId.set(key, item);
    this.log.append(item);
    this.scroll();
    return item;
  }

  greet(text: string) {
    this.log.prepend(greetingItem(text, this.t));
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

  /** One line, and a second (the wait estimate, R12) under it when there is one. */
  setStatus(text: string, detail = '') {
    this.status.replaceChildren(...(text ? [h('span', { class: 'status-line' }, text)] : []), ...(detail ? [h('span', { class: 'status-detail' }, detail)] : []));
  }

  private scroll() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}

function chatIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  svg.append(path);
  return svg;
}
