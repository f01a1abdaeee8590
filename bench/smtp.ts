/**
 * SMTP listener memory under an oversized mail (issue #11, finding 2): the
 * real server in its own process, a 200 MB mail with no declared SIZE written
 * as fast as the socket takes it, and the server's resident memory read from
 * /proc before and at its peak (VmHWM, reset first through clear_refs).
 * Run: npx tsx bench/smtp.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { startServer } from './lib/server-process.ts';

const MB = 1024 * 1024;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

async function memory(pid: number) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+) kB`))?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Sends one mail of `size` bytes (or until the server hangs up); returns the last reply, bytes written and seconds. */
async function sendMail(port: number, size: number, terminate: boolean) {
  const socket = connect(port, '127.0.0.1');
  const replies: string[] = [];
  let closed = false;
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => replies.push(...d.split('\r\n').filter(Boolean)));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  /** Waits for the final line of the next reply (`250 ...`, not `250-...`). */
  let seen = 0;
  const nextReply = async () => {
    for (;;) {
      const i = replies.findIndex((r, k) => k >= seen && /^\d{3} /.test(r));
      if (i >= 0) return replies[(seen = i + 1) - 1]!;
      if (closed) return '(closed)';
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  await nextReply();
  for (const line of ['EHLO bench.test', 'MAIL FROM:<bench@example.com>', 'RCPT TO:<bench@shop.test>', 'DATA']) {
    socket.write(`${line}\r\n`);
    const reply = await nextReply();
    if (!/^(250|354)/.test(reply)) throw new Error(`${line}: ${reply}`);
  }
  const chunk = Buffer.from(`${'x'.repeat(1022)}\r\n`.repeat(64)); // 64 KiB of 1 KiB lines
  const headers = `From: bench@example.com\r\nTo: bench@shop.test\r\nSubject: bench\r\nMessage-ID: <bench-${Date.now()}@example.com>\r\n\r\n`;
  socket.write(headers);
  const started = performance.now();
  let written = headers.length;
  const before = replies.length;
  while (written < size && !closed && replies.length === before) {
    const ok = await new Promise<boolean>((resolve) => socket.write(chunk, (err) => resolve(!err)));
    if (!ok) break;
    written += chunk.length;
  }
  if (terminate && !closed) socket.write('\r\n.\r\n');
  const deadline = Date.now() + 60_000;
  while (replies.length === before && !closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  const seconds = (performance.now() - started) / 1000;
  socket.destroy();
  return { reply: replies.at(-1) ?? '(none)', written, seconds };
}

export async function main() {
  const smtpPort = await freePort();
  const server = await startServer('postgres', { SMTP_PORT: String(smtpPort) });
  try {
    const res = await fetch(`${server.url}/api/v1/channels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'email', name: 'bench', config: { address: 'bench@shop.test' } }),
    });
    if (res.status !== 201) throw new Error(`channel: ${res.status}`);
    console.log('\n## SMTP listener memory (limit 25 MB, the default; server on PostgreSQL so its baseline is small)\n');
    console.log('| mail | answer | bytes written before the answer | time | server RSS before | server peak RSS during |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: |');
    for (const [label, size, terminate] of [
      ['200 MB, no SIZE declared', 200 * MB, false],
      ['20 MB (under the limit), stored', 20 * MB, true],
    ] as const) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const before = await memory(server.pid);
      await writeFile(`/proc/${server.pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
      const out = await sendMail(smtpPort, size, terminate);
      const after = await memory(server.pid);
      console.log(
        `| ${label} | ${out.reply.slice(0, 40)} | ${(out.written / MB).toFixed(1)} MB | ${out.seconds.toFixed(2)} s | ${before.rss.toFixed(0)} MB | ${after.peak.toFixed(0)} MB (+${(after.peak - before.rss).toFixed(0)}) |`,
      );
    }
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
