import pg from 'pg';
import WebSocket from 'ws';
import type { Verdict } from './checks.ts';
import type { Target } from './load.ts';

/**
 * Sockets that watch the workspace's stream through the faults as the console
 * does: one starts on each process; when its socket drops (a process killed)
 * it reconnects to the next process with `after=<last cursor>` and must get
 * what it missed, in order, with no gap and no duplicate (SPEC §6: "its
 * sockets reconnect to another process and catch up without gaps").
 */
export class Watcher {
  readonly cursors: number[] = [];
  resets = 0;
  reconnects = 0;
  private socket: WebSocket | undefined;
  private stopped = false;

  constructor(
    private readonly targets: Target[],
    private readonly token: string,
    private slot: number,
  ) {}

  start(): Promise<void> {
    return this.connect();
  }

  get last(): number | undefined {
    return this.cursors.at(-1);
  }

  stop() {
    this.stopped = true;
    this.socket?.close();
  }

  private connect(): Promise<void> {
    const url = this.targets[this.slot % this.targets.length]!.url();
    const after = this.last === undefined ? '' : `&after=${this.last}`;
    return new Promise((resolve) => {
      const ws = new WebSocket(`${url!.replace('http', 'ws')}/api/v1/stream?token=${this.token}${after}`);
      this.socket = ws;
      ws.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as { type: string; cursor?: number; data: { reset?: boolean } };
        if (frame.type === 'hello') {
          if (frame.data.reset) this.resets++;
          return resolve();
        }
        if (frame.cursor !== undefined) this.cursors.push(frame.cursor);
      });
      const again = () => {
        resolve();
        if (this.stopped) return;
        this.reconnects++;
        this.slot++;
        setTimeout(() => void this.connect(), 200);
      };
      ws.once('close', again);
      ws.once('error', () => ws.terminate());
    });
  }
}

/**
 * Every watcher got every stored event from where it started to where it stands, each once and in
 * order, and stands at the newest cursor: the watchers get up to 10 s to catch up (the poll under
 * the transport runs every second), then stop. Events made after that (the outbox still reporting
 * deliveries) are not theirs to have seen.
 */
export async function verifyWatchers(databaseUrl: string, watchers: Watcher[]): Promise<Verdict[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    // Sign-outs are numbered but sent only to the sockets they close: not this admin's to see.
    const visible = `FROM stream_events WHERE event->>'type' <> 'session.revoked'`;
    const newestNow = async () => Number((await db.query<{ n: string | null }>(`SELECT max(seq)::text AS n ${visible}`)).rows[0]?.n ?? 0);
    let newest = await newestNow();
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; newest = await newestNow()) {
      if (watchers.every((w) => (w.last ?? 0) >= newest)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (const w of watchers) w.stop();
    // Numbers as numbers: `seq::text` sorted "999" after "1000" (the bug this suite's socket check exists for).
    const rows = (await db.query<{ seq: string; type: string }>(`SELECT seq::text, event->>'type' AS type ${visible}`)).rows;
    const all = rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
    const typeOf = new Map(rows.map((r) => [Number(r.seq), r.type]));
    const gaps: string[] = [];
    let missing = 0;
    let twice = 0;
    let outOfOrder = 0;
    let behind = 0;
    for (const w of watchers) {
      const first = w.cursors[0] ?? newest + 1;
      const last = w.last ?? 0;
      const got = new Set(w.cursors);
      twice += w.cursors.length - got.size;
      outOfOrder += w.cursors.filter((c, i) => i > 0 && c <= w.cursors[i - 1]!).length;
      const lost = all.filter((seq) => seq >= first && seq <= last && !got.has(seq));
      missing += lost.length;
      gaps.push(...lost.slice(0, 5).map((seq) => `${seq} ${typeOf.get(seq)}`));
      if (last < newest) behind++;
    }
    const reconnects = watchers.reduce((n, w) => n + w.reconnects, 0);
    const resets = watchers.reduce((n, w) => n + w.resets, 0);
    const events = watchers.reduce((n, w) => n + w.cursors.length, 0);
    return [
      {
        name: 'every socket got every event after it connected',
        ok: missing === 0,
        detail: `${events} events over ${watchers.length} sockets, ${missing} missing${gaps.length ? ` (${gaps.join(', ')})` : ''}`,
      },
      { name: 'no socket got an event twice or out of order', ok: twice === 0 && outOfOrder === 0, detail: `${twice} twice, ${outOfOrder} out of order` },
      { name: 'every socket caught up after reconnecting', ok: behind === 0 && resets === 0, detail: `${reconnects} reconnects, ${resets} resets, ${behind} behind the newest cursor ${newest}` },
    ];
  } finally {
    await db.end();
  }
}
