import { HttpError, WebchatApi, type ChatMessage, type PreChatAnswers, type SessionState, type Settings } from './api.ts';
import type { Translate } from './i18n.ts';
import { preChatForm } from './prechat.ts';
import { queueDetail, queueWake } from './queue-status.ts';
import { connectStream, type Frame } from './stream.ts';
import { ChatView } from './view.ts';
import { fileWord, setFileBase, uploadFile } from './files.ts';

type Conversation = SessionState['conversation'];

const TYPING_SHOWN_MS = 4000;
const TYPING_SENT_EVERY_MS = 3000;
/** Reasons the customer's own leaving gives (docs/events.md). */
const LEFT_BY_CUSTOMER = new Set(['closed_by_customer', 'abandoned']);

/** The widget's behaviour: settings, session, messages, live frames, queue position, typing, read receipts, ending. */
export class Chat {
  private readonly view: ChatView;
  private conversation: Conversation = null;
  private pending = new Map<string, string>(); // clientMessageId → text
  private typingUntil = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private queueTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTypingSent = 0;
  private lastRead = '';
  private lastSeenCandidate = '';
  private online = true;
  private stopStream: (() => void) | null = null;
  private preChat: Settings['preChat'] = null;

  constructor(
    private readonly api: WebchatApi,
    private readonly channelId: string,
    private readonly t: Translate,
  ) {
    this.view = new ChatView(t, {
      onSend: (text) => void this.send(text),
      onInput: () => this.sendTyping(),
      onOpenChange: (open) => {
        sessionStorage.setItem(OPEN_KEY, open ? '1' : '0');
        if (open) this.markRead();
      },
      onEnd: () => void this.end(),
      onFiles: (files) => void this.sendFiles(files),
    });
    setFileBase(api.base);
    void this.loadSettings();
    if (this.api.token) void this.resume();
    if (sessionStorage.getItem(OPEN_KEY) === '1') this.view.setOpen(true);
  }

  /** The channel's greeting and pre-chat form; without them (or the server) the widget is a plain chat. */
  private async loadSettings() {
    let settings: Settings;
    try {
      settings = await this.api.settings(this.channelId);
    } catch {
      return;
    }
    const greeting = pickText(settings.greeting, this.t.lang);
    if (greeting) this.view.greet(greeting);
    this.preChat = settings.preChat;
    this.offerPreChat();
  }

  /** Before a session exists (or after the server forgot ours), the channel's form comes first. */
  private offerPreChat() {
    const preChat = this.preChat;
    if (this.api.token || !preChat || !(preChat.name || preChat.email)) return;
    const { form, focus } = preChatForm(preChat, this.t, (answers) => this.start(answers));
    this.view.showPreChat(form, focus);
  }

  private async start(answers: PreChatAnswers) {
    try {
      await this.api.createSession(this.channelId, answers);
    } catch {
      return false;
    }
    this.listen();
    this.view.showComposer();
    return true;
  }

  private async resume() {
    try {
      this.apply(await this.api.session());
      this.listen();
    } catch (e) {
      if (e instanceof HttpError && (e.status === 401 || e.status === 404)) {
        this.api.forget();
        this.offerPreChat();
      }
    }
  }

  /** Shows what the server has that we do not (first load, or catching up after a reconnect). */
  private apply(state: SessionState) {
    for (const m of state.messages) this.show(m, true);
    this.conversation = state.conversation;
    this.render();
  }

  private listen() {
    this.stopStream?.();
    this.stopStream = connectStream(
      () => this.api.streamUrl(),
      (f) => this.onFrame(f),
      () => {
        this.online = true;
        void this.api.session().then(
          (s) => this.apply(s),
          () => {},
        );
      },
      () => {
        this.online = false;
        this.render();
      },
    );
  }

  async send(text: string) {
    const clientId = `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    this.pending.set(clientId, text);
    this.view.addMessage({ sender: 'customer', text }, clientId, (v) => void this.send(v));
    try {
      if (!this.api.token) {
        await this.api.createSession(this.channelId);
        this.listen();
      }
      const result = await this.api.send(text, clientId);
      this.pending.delete(clientId);
      if (!this.view.has(result.messageId)) this.view.rekey(clientId, result.messageId);
      this.view.setMeta(result.messageId, this.t('sent'));
      this.track(result.conversationId, result.status);
    } catch {
      this.pending.delete(clientId);
      this.view.setMeta(clientId, this.t('failed'));
    }
  }

  /** Each file is a message of its own; a refusal (too large, a type not accepted) is said in the chat. */
  private async sendFiles(files: File[]) {
    for (const file of files) {
      const clientId = `f${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      try {
        if (!this.api.token) {
          await this.api.createSession(this.channelId);
          this.listen();
        }
        this.view.setStatus(fileWord(this.t, 'uploading', { name: file.name || 'image.png' }));
        const r = await uploadFile(this.api.base, this.api.token!, file, clientId, this.t);
        this.show({
          id: r.messageId,
          sender: 'customer',
          text: `[${r.attachment.type}] ${r.attachment.name}`,
          attachments: [r.attachment],
          createdAt: new Date().toISOString(),
        });
        this.track(r.conversationId, r.status);
      } catch (e) {
        this.view.notice((e as Error).message);
      }
      this.render();
    }
  }

  private async end() {
    const c = this.conversation;
    try {
      const result = await this.api.end();
      if (result.ended && c && this.conversation === c) this.completed('closed_by_customer');
    } catch {
      this.view.notice(this.t('failed'));
    }
  }

  /** A status learnt from a POST's answer; the stream may have told us already. */
  private track(id: string, status: string) {
    const c = this.conversation;
    if (c?.id === id && c.status === status) return;
    if (c?.id !== id || status !== 'completed') this.conversation = { id, status, queuePosition: null };
    if (status === 'completed') {
      // Finished by this very message (a script's last step): say so once, as the stream would.
      if (c?.id === id) this.completed('');
      else this.view.notice(this.t('ended'));
    }
    this.render();
  }

  /** The conversation is over; said once, whether the POST or the stream tells us first. */
  private completed(reason: string) {
    const c = this.conversation;
    if (!c || c.status === 'completed') return;
    this.conversation = { ...c, status: 'completed', queuePosition: null };
    this.view.notice(this.t(LEFT_BY_CUSTOMER.has(reason) ? 'endedByYou' : 'ended'));
    this.render();
  }

  private onFrame(f: Frame) {
    if (f.type === 'message.created') this.show(f.data);
    else if (f.type === 'conversation.created') this.conversation = { id: f.data.id, status: f.data.status, queuePosition: null };
    else if (f.type === 'conversation.status_changed') {
      if (this.conversation && this.conversation.id !== f.data.id) return;
      if (f.data.to === 'completed') return this.completed(f.data.reason);
      this.conversation = { id: f.data.id, status: f.data.to, queuePosition: null };
    } else if (f.type === 'queue.position') {
      const c = this.conversation;
      if (c && c.id === f.data.conversationId) Object.assign(c, { queuePosition: f.data.position, queue: f.data });
    } else if (f.type === 'typing' && f.data.who === 'agent') {
      this.typingUntil = Date.now() + TYPING_SHOWN_MS;
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.render(), TYPING_SHOWN_MS + 10);
    }
    this.render();
  }

  /** `initial`: history loaded on a (re)connect, not news. */
  private show(m: ChatMessage, initial = false) {
    if (this.view.has(m.id)) return;
    if (m.sender === 'customer') {
      // Our own message echoed by the stream before the POST answered: adopt its id instead of showing it twice.
      const clientId = [...this.pending].find(([, text]) => text === m.text)?.[0];
      if (clientId) {
        this.pending.delete(clientId);
        this.view.rekey(clientId, m.id);
        this.view.setMeta(m.id, this.t('sent'));
        return;
      }
    }
    this.view.addMessage(m, m.id, (v) => void this.send(v));
    if (m.sender === 'customer') this.view.setMeta(m.id, this.t('sent'));
    if (m.sender === 'agent') {
      this.view.markSeen();
      this.typingUntil = 0;
    }
    if (m.sender !== 'customer') {
      this.markRead(m.id);
      if (!initial) this.view.countUnread();
    }
  }

  private markRead(id?: string) {
    const target = id ?? this.lastSeenCandidate;
    if (id) this.lastSeenCandidate = id;
    if (!target || target === this.lastRead || !this.view.isOpen || document.hidden || !this.api.token) return;
    this.lastRead = target;
    void this.api.read(target).catch(() => {});
  }

  private sendTyping() {
    if (!this.api.token || Date.now() - this.lastTypingSent < TYPING_SENT_EVERY_MS) return;
    this.lastTypingSent = Date.now();
    void this.api.typing().catch(() => {});
  }

  private render() {
    const c = this.conversation;
    this.view.setEndable(!!c && c.status !== 'completed');
    const waiting = this.online && this.typingUntil <= Date.now() && c?.status === 'waiting';
    this.view.setStatus(this.statusText(c), waiting ? queueDetail(this.t.lang, c.queue) : '');
    clearTimeout(this.queueTimer);
    const wake = waiting ? queueWake(c.queue) : null;
    if (wake !== null) this.queueTimer = setTimeout(() => this.render(), wake);
  }

  /** The queue position is shown only as the server last reported it; otherwise a plain "waiting". */
  private statusText(c: Conversation) {
    if (!this.online) return this.t('offline');
    if (this.typingUntil > Date.now()) return this.t('typing');
    if (c?.status === 'waiting' && c.queuePosition) return c.queuePosition === 1 ? this.t('next') : this.t('queue', { n: c.queuePosition });
    if (c?.status === 'waiting' || c?.status === 'dispatching') return this.t('waiting');
    if (c?.status === 'processing') return this.t('connected');
    return '';
  }
}

/** One greeting for every language, or the visitor's, then English, then whichever there is. */
function pickText(text: Settings['greeting'], lang: string) {
  if (!text || typeof text === 'string') return text;
  return text[lang] ?? text[lang.split('-')[0]] ?? text.en ?? Object.values(text)[0];
}

const OPEN_KEY = 'switchboard.webchat.open';
