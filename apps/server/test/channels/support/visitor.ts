import WebSocket from 'ws';
import { makeApi, type TestServer } from '../../harness.ts';

type Frame = { type: string; data: any };

/** The widget's side of web chat: a session token, its HTTP calls and its WebSocket. */
export async function startVisitor(s: TestServer, channelId: string, name?: string) {
  const created = await makeApi(s.url, null)('POST', `/webchat/${channelId}/sessions`, name ? { name } : {});
  if (created.status !== 201) throw new Error(`session: ${created.status} ${JSON.stringify(created.body)}`);
  const token = created.body.sessionToken as string;
  return { token, contactId: created.body.contactId as string, api: makeApi(s.url, token) };
}

export async function visitorSocket(s: TestServer, token: string) {
  const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/webchat/stream?session=${encodeURIComponent(token)}`);
  const frames: Frame[] = [];
  const waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  ws.on('message', (raw) => {
    const frame = JSON.parse(raw.toString()) as Frame;
    frames.push(frame);
    for (const w of [...waiters]) {
      if (!w.match(frame)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(frame);
    }
  });
  const next = (match: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> => {
    const found = frames.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame; got ${JSON.stringify(frames.map((f) => f.type))}`)), timeoutMs);
      waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  };
  await next((f) => f.type === 'hello' || f.type === 'error');
  return { ws, frames, next, close: () => ws.close() };
}
