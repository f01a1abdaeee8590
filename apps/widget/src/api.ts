import type { WebchatSessionState, WebchatSettings } from '@switchboard/protocol';
import type { z } from 'zod';

/** The widget's HTTP client for the public web-chat API (a visitor session token, not an agent's). Types only from the protocol: no zod in the bundle. */
export type { VisitorMessage as ChatMessage, WebchatSessionState as SessionState } from '@switchboard/protocol';
export type Settings = z.infer<typeof WebchatSettings>;
export interface PreChatAnswers {
  name?: string;
  email?: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code = '',
  ) {
    super(`HTTP ${status}`);
  }
}

export class WebchatApi {
  token: string | null;

  constructor(
    readonly base: string,
    private readonly storageKey: string,
  ) {
    this.token = readStorage(storageKey);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new HttpError(res.status, await errorCode(res));
    return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
  }

  async createSession(channelId: string, answers: PreChatAnswers = {}) {
    const r = await this.call<{ sessionToken: string }>('POST', `/webchat/${encodeURIComponent(channelId)}/sessions`, answers);
    this.token = r.sessionToken;
    writeStorage(this.storageKey, r.sessionToken);
  }

  forget() {
    this.token = null;
    writeStorage(this.storageKey, null);
  }

  settings = (channelId: string) => this.call<Settings>('GET', `/webchat/${encodeURIComponent(channelId)}/settings`);
  session = () => this.call<WebchatSessionState>('GET', '/webchat/session');
  send = (text: string, clientMessageId: string) =>
    this.call<{ conversationId: string; messageId: string; status: string }>('POST', '/webchat/messages', { text, clientMessageId });
  typing = () => this.call<void>('POST', '/webchat/typing');
  read = (messageId: string) => this.call<void>('POST', '/webchat/read', { messageId });
  end = () => this.call<{ conversationId: string | null; ended: boolean }>('POST', '/webchat/end');

  streamUrl() {
    return `${this.base.replace(/^http/, 'ws')}/api/v1/webchat/stream?session=${encodeURIComponent(this.token ?? '')}`;
  }
}

async function errorCode(res: Response) {
  try {
    return String(((await res.json()) as { error?: { code?: string } }).error?.code ?? '');
  } catch {
    return '';
  }
}

// Storage can throw (private mode, blocked third-party storage): the chat still works, it just won't resume.
function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function writeStorage(key: string, value: string | null) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // see readStorage
  }
}
