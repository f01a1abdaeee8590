import type { VisitorFrame } from '@switchboard/protocol';

export type Frame = VisitorFrame;

/** A WebSocket that reconnects with jittered exponential backoff and reports each (re)connection. */
export function connectStream(url: () => string, onFrame: (f: Frame) => void, onOpen: () => void, onDown: () => void) {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    if (stopped) return;
    const ws = new WebSocket(url());
    socket = ws;
    ws.onmessage = (e) => {
      const frame = JSON.parse(String(e.data)) as Frame;
      if (frame.type === 'hello') {
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
