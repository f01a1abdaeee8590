import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalArticles } from '../../../../bench/knowledge/eval-set.ts';
import { startSmtpListener, type SmtpListener } from '../../src/channels/email/smtp-listener.ts';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { scriptCallsSettled } from '../bot-support.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { fakeDns, LOOPBACK_SPF } from './support/fake-dns.ts';
import { conversationOf, createChannel, messagesOf } from './support/flows.ts';
import { startSmtpStandIn } from './support/smtp-stand-in.ts';

/**
 * Mail has no buttons (#17): the bot's quick replies go out as a numbered
 * list in the text and the HTML, and a reply whose visible text (above the
 * quote) is a number of that list or an option's text is that option.
 */
const ADDRESS = 'support@shop.test';
const question = (id: string) => evalArticles().find((a) => a.id === id)!.question;
const answer = (id: string) => evalArticles().find((a) => a.id === id)!.answer;

describe('quick replies by mail', () => {
  let s: TestServer;
  let listener: SmtpListener;
  let relay: Awaited<ReturnType<typeof startSmtpStandIn>>;
  let channelId: string;
  let mailer: nodemailer.Transporter;
  const articleIds: Record<string, string> = {};
  const mail = (m: nodemailer.SendMailOptions) => mailer.sendMail({ from: '"Alice Chen" <alice@example.com>', to: ADDRESS, ...m });
  /** The newest mail the bot sent to this address, once the outbox ran. */
  const sentTo = async (address: string) => {
    await runOutboxOnce(s.container.deps);
    return relay.mails.filter((m) => (m.to as { text: string }).text.includes(address)).at(-1)!;
  };
  const sentToAlice = () => sentTo('alice@example.com');
  /** An answer to the bot's mail the way Gmail writes one: the customer's line, the attribution, the quote. */
  const reply = (to: { messageId?: string; text?: string }, messageId: string, body: string, from = 'alice@example.com') =>
    mail({
      from,
      subject: 'Re: 維修',
      messageId,
      inReplyTo: to.messageId,
      references: [to.messageId!],
      text: `${body}\n\nOn Tue, Dec 1, 2026 at 10:12 AM Shop Support <${ADDRESS}> wrote:\n${(to.text ?? '')
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n')}`,
    });
  const customerLines = async (conversationId: string) => (await messagesOf(s, conversationId)).filter((m) => m.sender === 'customer').map((m) => m.text);
  const botReplies = async (conversationId: string) =>
    (await s.api('GET', `/conversations/${conversationId}/events`)).body.items.filter((e: any) => e.type === 'bot_reply');

  beforeAll(async () => {
    s = await startTestServer();
    listener = await startSmtpListener(s.container.deps, { port: 0, host: '127.0.0.1', resolver: fakeDns(LOOPBACK_SPF) });
    relay = await startSmtpStandIn();
    channelId = await createChannel(s, 'email', { address: ADDRESS, fromName: 'Shop Support', smtpUrl: relay.url });
    mailer = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
    for (const { id, ...article } of evalArticles()) articleIds[id] = (await s.api('POST', '/knowledge/articles', article)).body.id;
  });
  afterAll(async () => {
    mailer.close();
    await listener.close();
    await relay.close();
    await s.close();
  });

  it('lists the clarifying question’s options numbered; "2" above the quote answers the second article; "2" under the answer is "沒有幫助", counted', async () => {
    await mail({ subject: '維修', messageId: '<ask-1@example.com>', text: '壞掉可以免費修嗎' });
    const conversationId = await conversationOf(s, channelId, '<ask-1@example.com>');
    const asked = await sentToAlice();
    expect(asked.text?.trim()).toBe(`請問您想問的是哪一個？\n\n1. ${question('warranty-zh')}\n2. ${question('damaged-zh')}\n\n請直接回覆選項的號碼或文字。`);
    expect(asked.html).toContain(`<ol><li>${question('warranty-zh')}</li><li>${question('damaged-zh')}</li></ol>`);

    await reply(asked, '<pick-2@example.com>', '2');
    expect((await botReplies(conversationId)).at(-1)).toMatchObject({ cause: 'knowledge', data: { articleId: articleIds['damaged-zh'] } });
    const answered = await sentToAlice();
    expect(answered.text?.trim()).toBe(`${answer('damaged-zh')}\n\n1. 有幫助\n2. 沒有幫助\n\n請直接回覆選項的號碼或文字。`);

    await reply(answered, '<verdict@example.com>', '２');
    // Feedback counts are written after the answer, off the request (bot/knowledge-signals.ts).
    await scriptCallsSettled(s);
    const list = (await s.api('GET', '/knowledge/articles')).body.items;
    expect(list.find((a: any) => a.id === articleIds['damaged-zh']).notHelpful).toBe(1);
    expect((await s.api('GET', `/conversations/${conversationId}`)).body.status).toBe('waiting');
    expect(await customerLines(conversationId)).toEqual(['壞掉可以免費修嗎', question('damaged-zh'), '沒有幫助']);
  });

  it('an option’s text picks it too; a number beyond the list, or a number in a mail that answers no quick replies, stays as written', async () => {
    const bob = 'bob@example.com';
    await mail({ from: bob, subject: '維修', messageId: '<ask-2@example.com>', text: '壞掉可以免費修嗎' });
    const conversationId = await conversationOf(s, channelId, '<ask-2@example.com>');
    const asked = await sentTo(bob);
    await reply(asked, '<pick-9@example.com>', '9', bob);
    await reply(asked, '<pick-text@example.com>', `${question('warranty-zh')}`, bob);
    expect(await customerLines(conversationId)).toEqual(['壞掉可以免費修嗎', '9', question('warranty-zh')]);
    expect((await botReplies(conversationId)).at(-1)).toMatchObject({ cause: 'knowledge', data: { articleId: articleIds['warranty-zh'] } });
    await mail({ from: 'carol@example.com', subject: 'Order', messageId: '<plain-2@example.com>', text: '2' });
    expect(await customerLines(await conversationOf(s, channelId, '<plain-2@example.com>'))).toEqual(['2']);
  });

  it('a mail without quick replies goes out as text alone, as before', async () => {
    await mail({ from: 'dave@example.com', subject: 'Hi', messageId: '<hello@example.com>', text: 'what is the capital of france' });
    const sent = await sentTo('dave@example.com');
    expect(sent.html).toBe(false);
    expect(sent.text).not.toMatch(/^1\. /m);
  });
});
