/**
 * The fault run's traffic: customers writing in through every process with
 * unique externalMessageIds (a message is acknowledged once a process
 * answered 200 or 201; on any other answer the client tries the same id on the next
 * process, as a platform redelivering would), and admins closing processing
 * conversations through every process.
 */
export interface LoadStats {
  sent: number;
  /** `${channelId}:${externalMessageId}` → the messageId answered ('' where the answer carries none: webhooks). */
  acknowledged: Map<string, string>;
  statuses: Map<string, number>;
  closes: number;
  /** Agent replies on the Telegram channel the server acknowledged: text → messageId. */
  replies: Map<string, string>;
}

export interface Target {
  url: () => string | undefined;
}

const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

function count(stats: LoadStats, key: string) {
  stats.statuses.set(key, (stats.statuses.get(key) ?? 0) + 1);
}

async function post(url: string, token: string, path: string, body: unknown, extra: Record<string, string> = {}): Promise<{ status: number | string; body?: any }> {
  try {
    const res = await fetch(`${url}/api/v1${path}`, { method: 'POST', headers: { ...headers(token), ...extra }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  } catch (error) {
    return { status: (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name };
  }
}

export async function customer(targets: Target[], token: string, channelId: string, client: number, stats: LoadStats, running: () => boolean) {
  for (let n = 0; running(); n++) {
    const externalMessageId = `f-${client}-${n}`;
    const body = { contact: { externalId: `cust-${(client * 7 + n) % 60}` }, text: `message ${n}`, externalMessageId };
    stats.sent++;
    for (let attempt = 0; attempt < 20 && running(); attempt++) {
      const url = targets[(client + n + attempt) % targets.length]!.url();
      if (!url) continue;
      const res = await post(url, token, `/channels/${channelId}/inbound`, body);
      count(stats, String(res.status));
      if (res.status === 201 || res.status === 200) {
        stats.acknowledged.set(`${channelId}:${externalMessageId}`, res.body.messageId);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export async function closer(targets: Target[], token: string, stats: LoadStats, running: () => boolean) {
  for (let round = 0; running(); round++) {
    const url = targets[round % targets.length]!.url();
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (!url) continue;
    try {
      const res = await fetch(`${url}/api/v1/conversations?status=processing&limit=20`, { headers: headers(token), signal: AbortSignal.timeout(5000) });
      if (res.status !== 200) continue;
      const items = ((await res.json()) as { items: Array<{ id: string }> }).items.slice(0, 3);
      for (const [i, c] of items.entries()) {
        const via = targets[(round + i + 1) % targets.length]!.url();
        if (via && (await post(via, token, `/conversations/${c.id}/close`, {})).status === 200) stats.closes++;
      }
    } catch {
      // a process or the database is away: the next round tries another
    }
  }
}

export interface Telegram {
  channelId: string;
  secret: string;
}

/** A Telegram customer: webhook updates with unique update_ids, redelivered to the next process until one answers 200. */
export async function telegramCustomer(targets: Target[], tg: Telegram, client: number, stats: LoadStats, running: () => boolean) {
  for (let n = 0; running(); n++) {
    const updateId = 1_000_000 * (client + 1) + n;
    const chat = { id: 5000 + ((client * 7 + n) % 30), type: 'private' };
    const update = { update_id: updateId, message: { message_id: updateId, chat, from: { id: chat.id, is_bot: false, first_name: 'T' }, date: 1, text: `tg ${n}` } };
    stats.sent++;
    for (let attempt = 0; attempt < 20 && running(); attempt++) {
      const url = targets[(client + n + attempt) % targets.length]!.url();
      if (!url) continue;
      const res = await post(url, '', `/webhooks/telegram/${tg.channelId}`, update, { 'x-telegram-bot-api-secret-token': tg.secret });
      count(stats, String(res.status));
      if (res.status === 200) {
        stats.acknowledged.set(`${tg.channelId}:${updateId}`, '');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Agents replying to Telegram conversations in processing, through every process: the outbox's traffic. */
export async function replier(targets: Target[], token: string, tg: Telegram, stats: LoadStats, running: () => boolean) {
  for (let round = 0, k = 0; running(); round++) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const url = targets[round % targets.length]!.url();
    if (!url) continue;
    try {
      const res = await fetch(`${url}/api/v1/conversations?channelId=${tg.channelId}&status=processing&limit=5`, { headers: headers(token), signal: AbortSignal.timeout(5000) });
      if (res.status !== 200) continue;
      for (const c of ((await res.json()) as { items: Array<{ id: string; assigneeId: string }> }).items) {
        const text = `reply-${k++}`;
        const sent = await post(url, token, `/conversations/${c.id}/messages`, { text, agentId: c.assigneeId });
        if (sent.status === 201) stats.replies.set(text, sent.body.id);
      }
    } catch {
      // a process or the database is away
    }
  }
}
