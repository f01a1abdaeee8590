import type { VisitorFrame } from '@switchboard/protocol';

/** A visitor frame with its event's number: a reconnect resumes after the last one seen (docs/events.md). */
export type Frame = VisitorFrame & { cursor?: number };

/**
 * A WebSocket that reconnects with jittered exponential backoff and reports
 * each (re)connection; a reconnect sends `&after=<last cursor>` so the server
 * replays what was missed.
 */
export function connectStream(url: () => string, onFrame: (f: Frame) => void, onOpen: () => void, onDown: () => void) {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cursor: number | undefined;

  const connect = () => {
    if (stopped) return;
    const ws = new WebSocket(cursor === undefined ? url() : `${url()}&after=${cursor}`);
    socket = ws;
    ws.onmessage = (e) => {
      const frame = JSON.parse(String(e.data)) as Frame;
      if (frame.cursor !== undefined) cursor = frame.cursor;
      if (frame.type === 'hello') {
        cursor = (frame.data.cursor as number | undefined) ?? cursor;
        attempt = 0;
        onOpen();
      } else onFrame(frame);
    };
    ws.onclose = (e) => {
      if (socket !== ws || stopped) return;
      onDown();
      if (e.code === 4401) return;
      const cap = Math.min(30_000, 500 * 2 ** attempt++);
      timer = setTimeout(connect, cap / 2 + (Math.random() * cap) / 2);
    };
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    socket?.close();
  };
}
