import type { StreamFrame } from './types.ts';

export type StreamState = 'connecting' | 'open' | 'closed';

export interface StreamOptions {
  /** Asked anew for every connection: the URL carries a one-time ticket (POST /stream/tickets), never the session token. */
  url: () => string | Promise<string>;
  onFrame: (frame: StreamFrame) => void;
  /**
   * Called on every (re)connection. A reconnect sends the last cursor seen
   * (`&after=`) and the server replays what was missed; callers still refetch
   * what they show, which also covers a cursor too old to replay (`hello.reset`).
   */
  onOpen: () => void;
  onState: (state: StreamState) => void;
  onUnauthorized: () => void;
}

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/** Exponential backoff with full jitter, so a restarted server is not hit by every console at once. */
export function backoffDelay(attempt: number, random = Math.random) {
  const cap = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/** A WebSocket that reconnects on its own after the connection drops. */
export class StreamClient {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** The last event number seen: where a reconnect resumes (docs/events.md). */
  private cursor: number | undefined;

  constructor(private readonly options: StreamOptions) {}

  start() {
    this.stopped = false;
    this.connect();
    window.addEventListener('online', this.reconnectNow);
  }

  stop() {
    this.stopped = true;
    window.removeEventListener('online', this.reconnectNow);
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close();
    this.socket = null;
  }

  private readonly reconnectNow = () => {
    if (this.socket?.readyState === WebSocket.OPEN) return;
    if (this.timer) clearTimeout(this.timer);
    this.attempt = 0;
    this.connect();
  };

  private connect() {
    if (this.stopped) return;
    this.options.onState('connecting');
    Promise.resolve()
      .then(() => this.options.url())
      .then(
        (url) => this.open(url),
        () => this.schedule(),
      );
  }

  private open(url: string) {
    if (this.stopped) return;
    const socket = new WebSocket(this.cursor === undefined ? url : `${url}&after=${this.cursor}`);
    this.socket = socket;
    socket.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as (StreamFrame | { type: 'error'; data: unknown }) & { cursor?: number };
      if (frame.cursor !== undefined) this.cursor = frame.cursor;
      if (frame.type === 'hello') {
        this.cursor = (frame.data as { cursor?: number }).cursor ?? this.cursor;
        this.attempt = 0;
        this.options.onState('open');
        this.options.onOpen();
      } else if (frame.type !== 'error') this.options.onFrame(frame);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.options.onState('closed');
      if (event.code === 4401) return this.options.onUnauthorized();
      this.schedule();
    };
  }

  private schedule() {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt++);
    this.timer = setTimeout(() => this.connect(), delay);
  }
}

/** `ticketOrToken`: a one-time ticket from POST /stream/tickets (what the console sends), or a token. */
export const streamUrl = (ticketOrToken: string) => {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/api/v1/stream?token=${encodeURIComponent(ticketOrToken)}`;
};
