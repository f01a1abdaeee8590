/**
 * The fault run's traffic: customers writing in through every process with
 * unique externalMessageIds (a message is acknowledged once a process
 * answered 200 or 201; on any other answer the client tries the same id on the next
 * process, as a platform redelivering would), and admins closing processing
 * conversations through every process.
 */
export interface LoadStats {
  sent: number;
  acknowledged: Map<string, string>; // externalMessageId → messageId
  statuses: Map<string, number>;
  closes: number;
}

export interface Target {
  url: () => string | undefined;
}

const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

function count(stats: LoadStats, key: string) {
  stats.statuses.set(key, (stats.statuses.get(key) ?? 0) + 1);
}

async function post(url: string, token: string, path: string, body: unknown): Promise<{ status: number | string; body?: any }> {
  try {
    const res = await fetch(`${url}/api/v1${path}`, { method: 'POST', headers: headers(token), body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
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
        stats.acknowledged.set(externalMessageId, res.body.messageId);
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
