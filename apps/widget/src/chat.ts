import { HttpError, WebchatApi, type ChatMessage, type SessionState } from './api.ts';
import type { Translate } from './i18n.ts';
import { connectStream, type Frame } from './stream.ts';
import { ChatView } from './view.ts';

type Conversation = SessionState['conversation'];

const TYPING_SHOWN_MS = 4000;
const TYPING_SENT_EVERY_MS = 3000;

/** The widget's behaviour: session, messages, live frames, queue position, typing and read receipts. */
export class Chat {
  private readonly view: ChatView;
  private conversation: Conversation = null;
  private pending = new Map<string, string>(); // clientMessageId → text
  private typingUntil = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTypingSent = 0;
  private lastRead = '';
  private online = true;
  private stopStream: (() => void) | null = null;

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
    });
    if (this.api.token) void this.resume();
    if (sessionStorage.getItem(OPEN_KEY) === '1') this.view.setOpen(true);
  }

  private async resume() {
    try {
      this.apply(await this.api.session());
      this.listen();
    } catch (e) {
      if (e instanceof HttpError && (e.status === 401 || e.status === 404)) this.api.forget();
    }
  }

  /** Shows what the server has that we do not (first load, or catching up after a reconnect). */
  private apply(state: SessionState) {
    for (const m of state.messages) this.show(m);
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
    this.view.addMessage({ id: clientId, sender: 'customer', text }, clientId, (v) => void this.send(v));
    try {
      if (!this.api.token) {
        await this.api.createSession(this.channelId);
        this.listen();
      }
      const result = await this.api.send(text, clientId);
      this.pending.delete(clientId);
      if (!this.view.has(result.messageId)) this.view.rekey(clientId, result.messageId);
      this.view.setMeta(result.messageId, this.t('sent'));
      if (this.conversation?.id !== result.conversationId || this.conversation.status !== result.status) {
        this.conversation = {
          id: result.conversationId,
          status: result.status,
          queuePosition: null,
        };
        this.render();
      }
    } catch {
      this.pending.delete(clientId);
      this.view.setMeta(clientId, this.t('failed'));
    }
  }

  private onFrame(f: Frame) {
    const d = f.data;
    if (f.type === 'message.created') {
      this.show(d as unknown as ChatMessage);
    } else if (f.type === 'conversation.created') {
      this.conversation = {
        id: String(d.id),
        status: String(d.status),
        queuePosition: null,
      };
    } else if (f.type === 'conversation.status_changed') {
      if (this.conversation && this.conversation.id !== d.id) return;
      this.conversation = {
        id: String(d.id),
        status: String(d.to),
        queuePosition: null,
      };
      if (d.to === 'completed') this.view.notice(this.t('ended'));
    } else if (f.type === 'queue.position') {
      const c = this.conversation;
      if (c && c.id === d.conversationId) c.queuePosition = Number(d.position);
    } else if (f.type === 'typing' && d.who === 'agent') {
      this.typingUntil = Date.now() + TYPING_SHOWN_MS;
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.render(), TYPING_SHOWN_MS + 10);
    }
    this.render();
  }

  private show(m: ChatMessage) {
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
    if (m.sender !== 'customer') this.markRead(m.id);
  }

  private markRead(id?: string) {
    const target = id ?? this.lastSeenCandidate;
    if (id) this.lastSeenCandidate = id;
    if (!target || target === this.lastRead || !this.view.isOpen || document.hidden || !this.api.token) return;
    this.lastRead = target;
    void this.api.read(target).catch(() => {});
  }
  private lastSeenCandidate = '';

  private sendTyping() {
    if (!this.api.token || Date.now() - this.lastTypingSent < TYPING_SENT_EVERY_MS) return;
    this.lastTypingSent = Date.now();
    void this.api.typing().catch(() => {});
  }

  private render() {
    const c = this.conversation;
    let text = '';
    if (!this.online) text = this.t('offline');
    else if (this.typingUntil > Date.now()) text = this.t('typing');
    else if (c?.status === 'waiting') text = c.queuePosition ? this.t('queue', { n: c.queuePosition }) : this.t('waiting');
    else if (c?.status === 'dispatching') text = this.t('waiting');
    else if (c?.status === 'processing') text = this.t('connected');
    this.view.setStatus(text);
  }
}

const OPEN_KEY = 'switchboard.webchat.open';
