import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { visibleText } from '../../src/channels/email/visible-text.ts';

/** Fixtures in fixtures/email/replies/: sources in fixtures/README.md. */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/email/replies/${name}.txt`, import.meta.url), 'utf8');

describe('visible text of a mail reply (fixture corpus)', () => {
  it.each([
    ['email_1_4', "Awesome! I haven't had another problem with it."],
    ['email_1_6', 'I get proper rendering as well.\n\nSent from a magnificent torch of pixels'],
    ['email_2_1', 'Outlook with a reply'],
    ['email_2_2', 'Outlook with a reply directly above line'],
    ['email_2_3', 'Outlook with a reply directly above line'],
    ['correct_sig', 'this is an email with a correct -- signature.'],
    ['email_iPhone', 'Here is another email'],
    ['email_BlackBerry', 'Here is another email'],
    ['email_multi_word_sent_from_my_mobile_device', 'Here is another email'],
    ['email_sent_from_my_not_signature', 'Here is another email\n\nSent from my desk, is much easier then my mobile phone.'],
    ['email_sig_delimiter_in_middle_of_line', 'Hi there!\n\nStuff happened.\n\nAnd here is a fix -- this is not a signature.\n\nkthxbai'],
    ['email_bullets', 'test 2 this should list second\n\nand have spaces\n\nand retain this formatting\n\n   - how about bullets\n   - and another'],
    ['email_2nd_paragraph_starting_with_on', "This emails tests that multiline header fix isn't catching things it shouldn't.\n\nOn friday when I tried it didn't work as expect.\n\nThis line would have been considered part of the header line."],
    ['greedy_on', 'On your remote host you can run:\n\n     telnet 127.0.0.1 52698\n\nThis should connect to TextMate (on your Mac, via the tunnel). If that\nfails, the tunnel is not working.'],
  ])('%s (email_reply_parser)', (name, expected) => {
    expect(visibleText(fixture(name))).toBe(expected);
  });

  it('keeps a bottom-posted answer below the quote and drops the quote, its header and the list footer (email_1_2)', () => {
    const text = visibleText(fixture('email_1_2'));
    expect(text.startsWith('Hi,\n\nYou can list the keys for the bucket and call delete for each.')).toBe(true);
    expect(text.endsWith('you\'ll need to delete them all individually."')).toBe(true);
    expect(text).toContain('        for(String key : bucketInfo.getKeys()) {');
    for (const gone of ['Abhishek Kona wrote:', '> Hi folks', 'riak-users mailing list', '____']) expect(text).not.toContain(gone);
  });

  it('keeps every answer of an inline, bottom-posted reply and drops the signature', () => {
    expect(visibleText(fixture('bottom_posted_with_signature'))).toBe('Hi,\n\nHere it is, the crack runs along the whole base.\n\nIt is #1234.');
  });

  it.each([
    ['email_multiline_quote_header_from_first', /^I have gained valuable experience .* and to life in general\.$/s],
    ['outlook_en_bottom_of_block', /^Please cancel the second item\.\n\nThanks,\nDana$/],
    ['outlook_zh_tw', /^好的，那我明天下午去門市取貨。$/],
    ['outlook_ja', /^承知しました。土曜日に受け取ります。$/],
  ])('cuts the Outlook header block and what is under it (%s)', (name, expected) => {
    expect(visibleText(fixture(name))).toMatch(expected);
  });

  it.each([
    ['gmail_wrapped_attribution', 'The tracking number says delivered but nothing is here.'],
    ['gmail_ja_attribution', 'ありがとうございます。確認しました。'],
    ['gmail_zh_attribution', '收到，謝謝！'],
  ])('drops a Gmail attribution, wrapped or localised, and the phone signature (%s)', (name, expected) => {
    expect(visibleText(fixture(name))).toBe(expected);
  });

  it('keeps an inline forward whole, and an Outlook block when the subject says it is a forward', () => {
    const inline = 'See below.\n\n---------- Forwarded message ---------\nFrom: Bank <no-reply@bank.test>\nDate: Fri, Mar 1, 2024\nSubject: Refund\nTo: <alice@example.com>\n\nYour refund was declined.';
    expect(visibleText(inline)).toBe(inline);
    const outlook = fixture('outlook_en_bottom_of_block');
    expect(visibleText(outlook, { forward: true })).toContain('Your order has shipped.');
  });

  it('does not take a customer\'s own "From:/To:" lines or a dash list for history or a signature', () => {
    const route = 'Please change the delivery.\n\nFrom: Tokyo\nTo: Osaka\n\nOptions:\n-red\n-blue\n\nThanks';
    expect(visibleText(route)).toBe(route);
  });

  it('keeps a mail that is only a quote rather than storing nothing', () => {
    expect(visibleText('> just a quote\n> nothing else')).toBe('> just a quote\n> nothing else');
  });
});
