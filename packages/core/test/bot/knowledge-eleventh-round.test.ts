import { describe, expect, it } from 'vitest';
import { evalArticles } from '../../../../bench/knowledge/eval-set.ts';
import { CARS_AND_MAIL_ACCOUNTS, KnowledgeIndex, tokenize, withSenses } from '../../src/bot/index.ts';
import { withoutNegated } from '../../src/bot/knowledge-senses.ts';
import { phraseReader } from '../../src/bot/knowledge-phrases.ts';
import { createTokenizer } from '../../src/bot/tokenize.ts';

const index = new KnowledgeIndex(evalArticles());
const answered = (text: string) => {
  const d = index.decide(text);
  return d.type === 'answer' ? d.match.articleId : d.type;
};
const terms = (text: string) => tokenize(text).map((t) => t.term);
const answers = (rows: [string, string][]) =>
  it.each(rows)('%s answers %s', (text, article) => {
    expect(answered(text)).toBe(article);
  });
const readsAs = (rows: [string, string][], read: (text: string) => string[] = terms) =>
  it.each(rows)('%s reads as %s', (typed, canonical) => {
    expect(read(typed)).toEqual(terms(canonical));
  });

describe('everyday English for arriving, sending and paying (#17, eleventh round)', () => {
  readsAs([
    ['it turned up', 'it arrived'],
    ['when should i expect it', 'how long'],
    ['two weeks ago', ''],
    ['at checkout', ''],
    ['send orders', 'ship'],
  ]);

  answers([
    ['How soon will my stuff turn up?', 'delivery-time-en'],
    ['roughly when should I expect it to turn up if I order today', 'delivery-time-en'],
    ['can I check out with apple pay', 'payment-en'],
    ['can you send orders to australia', 'international-en'],
  ]);
});

describe('phrase entries met through their words’ inflections (#17, eleventh round)', () => {
  const question = createTokenizer({ inflections: true });
  const read = (text: string) => question(text).map((t) => t.term);

  readsAs([
    ['sending something back', 'send something back'],
    ['has it been dispatched yet', 'shipped yet'],
    ['I want to see where my parcel is', 'track'],
  ], read);

  it('leaves articles as written, and spellings the spelling pass rewrites out (wheres my)', () => {
    expect(terms('sending something back')).not.toEqual(terms('send something back'));
    expect(read('change where my order goes')).not.toContain(terms('track')[0]);
  });

  answers([
    ["what's the process for sending something back to you", 'returns-en'],
    ['Has my order been dispatched yet?', 'track-order-en'],
    ['is there a way to see where my parcel is right now', 'track-order-en'],
  ]);

  it('reads a wildcard as one or two of the customer’s own words, not the start of another entry', () => {
    expect(read('I sent the shoes back')).toEqual(terms('return'));
    expect(read('can I give this purchase back')).toEqual(terms('return'));
    expect(read('send the money back')).toContain(terms('refund')[0]);
    expect(read('send the money back')).not.toContain(terms('return')[0]);
    expect(read('send my three new shirts back')).not.toContain(terms('return')[0]);
  });

  answers([
    ['I sent the shoes back two weeks ago and still no money, when does it come', 'refund-en'],
    ["I'd like to give this purchase back, it's not what I expected.", 'returns-en'],
  ]);

  it('reads words one space apart only, longest entry first', () => {
    const reader = phraseReader(['send back', 'send something back'], (w) => w.replace(/ing$/u, ''), () => undefined);
    expect(reader('sending something back')).toBe('send something back');
    expect(reader('sending, back')).toBe('sending, back');
    expect(reader('i sent it back')).toBe('i sent it back');
  });
});

describe('"fix" after the customer’s own slip is a change (#17, eleventh round)', () => {
  it('reads fix as change only in a message naming a mistake', () => {
    expect(withSenses('typed the wrong street on my order, can I Fix it')).toBe('typed the wrong street on my order, can I change it');
    expect(withSenses('my speaker is faulty, will you fix it')).toBe('my speaker is faulty, will you fix it');
    expect(terms('I typed the wrong postcode')).toEqual(terms('change postcode'));
  });

  answers([
    ['typed the wrong street on my order, can I fix it', 'address-en'],
    ['i put the wrong address on my order, can i fix it', 'address-en'],
    ['My speaker is faulty after two months, will you fix it?', 'warranty-en'],
  ]);

  it('can be turned off', () => {
    const off = new KnowledgeIndex(evalArticles(), { scoring: { senses: false } });
    const d = off.decide('typed the wrong street on my order, can I fix it');
    expect(d.type === 'answer' && d.match.articleId).toBe('warranty-en');
  });
});

describe('a car’s services and mail accounts are other services; compounds are held as written (#17, eleventh round)', () => {
  const without = new KnowledgeIndex(evalArticles(), { ownBusinesses: CARS_AND_MAIL_ACCOUNTS });
  const wordByWord = new KnowledgeIndex(evalArticles(), { scoring: { otherCompounds: false } });
  const answer = (i: KnowledgeIndex, text: string) => {
    const d = i.decide(text);
    return d.type === 'answer' ? d.match.articleId : d.type;
  };

  it.each([
    ['is my car still under manufacturer warranty', 'warranty-en'],
    ['how do I create an email account', 'register-en'],
  ])('%s falls back (it answered %s without the list)', (text, before) => {
    expect(answered(text)).toBe('none');
    expect(answer(without, text)).toBe(before);
  });

  it('an article holding a compound’s words apart does not hold the compound', () => {
    expect(answer(wordByWord, 'how do I create an email account')).toBe('register-en');
    const mail = new KnowledgeIndex([
      { id: 'mail', question: 'Can I use my work email account to sign up?', answer: 'Yes, any email account works.' },
      { id: 'other', question: 'How do I sign up?', answer: 'Enter your email and make an account.' },
    ]);
    expect(answer(mail, 'can I sign up with an email account from work')).toBe('mail');
    const apart = { id: 'apart', question: 'How do I sign up?', answer: 'Enter your email and pick a name for the account.' };
    const listed = { otherBusinesses: ['email account'] };
    expect(answer(new KnowledgeIndex([apart], listed), 'how do I sign up for an email account')).toBe('none');
    expect(answer(new KnowledgeIndex([apart], { ...listed, scoring: { otherCompounds: false } }), 'how do I sign up for an email account')).toBe('apart');
  });

  it.each(['the sofa doesn’t fit in my car', 'the car charger I ordered is broken', 'Can I make a new account with my email?'])(
    '%s names no other service: scored as without the list',
    (text) => {
      expect(index.search(text)).toEqual(without.search(text));
    },
  );
});

describe('postage is shipping’s cost, and more everyday words (#17, eleventh round)', () => {
  it.each([
    ['postage', 'shipping cost'],
    ['turnaround', 'how long'],
    ['germany', 'international'],
    ['withdraw my parcel', 'cancel'],
    ['forms of payment', 'payment'],
    ['an option this morning', ''],
  ])('%s reads as %s', (typed, canonical) => {
    expect(createTokenizer({ inflections: true })(typed).map((t) => t.term)).toEqual(terms(canonical));
  });

  it('postage names both words of one article, not the shipping every answer mentions', () => {
    expect(tokenize('postage').map((t) => t.word)).toEqual([0, 0]);
  });

  answers([
    ['What’s the postage on a small order?', 'shipping-fee-en'],
    ['What’s the usual turnaround from ordering to delivery?', 'delivery-time-en'],
    ['Do you deliver to Germany?', 'international-en'],
    ['Can I withdraw an order I placed this morning?', 'cancel-en'],
    ['Is Google Pay an option at checkout?', 'payment-en'],
    ['What forms of payment can I use?', 'payment-en'],
  ]);
});

describe('the question’s language wins (#17, eleventh round)', () => {
  it('answers a Japanese question with the Japanese article when both scripts reach the threshold', () => {
    const d = index.decide('海外にも配送していますか');
    expect(d.type === 'answer' && d.match.articleId).toBe('international-ja');
    expect(d.hits[0].articleId).toBe('international-zh');
    const before = new KnowledgeIndex(evalArticles(), { scoring: { ownLanguage: false } }).decide('海外にも配送していますか');
    expect(before.type === 'answer' && before.match.articleId).toBe('international-zh');
  });
});

describe('the lexicon from dev10’s English misses (#17, eleventh round)', () => {
  const question = createTokenizer({ inflections: true });
  const read = (text: string) => question(text).map((t) => t.term);

  readsAs([
    ['follow my shipment', 'track'],
    ['become a member', 'register'],
    ['my credentials', 'password'],
    ['in blue', 'colour'],
    ['a larger one', 'exchange'],
    ['switch this for', 'exchange'],
    ['helpline', 'contact'],
    ['in transit', 'ship'],
    ['unworn', 'unused'],
    ['been credited', 'refund'],
    ['in the morning', ''],
  ], read);

  answers([
    ['Can I follow my shipment online?', 'track-order-en'],
    ['How do I become a member?', 'register-en'],
    ['Can I switch this for a larger one?', 'exchange-en'],
    ['The vase was broken in transit.', 'damaged-en'],
    ["What's your helpline number?", 'contact-en'],
    ["What's your policy on bringing back unworn clothes?", 'returns-en'],
    ["I still haven't been credited for my return.", 'refund-en'],
  ]);

  it('a wildcard entry meets its first word as written, not its canonical group: swap * for is no exchange rate', () => {
    const canonical = new Map([
      ['swap', 'exchange'],
      ['exchange', 'exchange'],
    ]);
    const reader = phraseReader(['swap * for', 'swap for'], (w) => w, (w) => canonical.get(w));
    expect(reader('can i swap it for blue')).toBe('can i swap for blue');
    expect(reader('the exchange rate for yen')).toBe('the exchange rate for yen');
    expect(answered("what's the exchange rate for yen")).toBe('none');
  });
});

describe('Chinese and Japanese words from dev10’s misses (#17, eleventh round)', () => {
  readsAs([
    ['是破的', '損壞'],
    ['開きます', '営業時間'],
    ['お金が返', '返金'],
  ]);

  answers([
    ['收到的杯子是破的', 'damaged-zh'],
    ['お店は何時に開きますか', 'store-hours-ja'],
    ['返品したのにまだお金が返ってきません', 'refund-ja'],
  ]);
});

describe('what the customer does not want is not the question (#17, eleventh round)', () => {
  it('drops the word after don’t want a, instead of, rather than; not alone stays', () => {
    expect(withoutNegated("I don't want a refund, I want it in blue")).toBe('I  , I want it in blue');
    expect(withoutNegated('an exchange instead of a refund')).toBe('an exchange  ');
    expect(withoutNegated('my order has not arrived')).toBe('my order has not arrived');
  });

  it('no longer answers the refund for an exchange asked against it', () => {
    expect(answered("I don't want a refund, I just want the same shirt in blue.")).not.toBe('refund-en');
    expect(answered('Can I get an exchange instead of a refund?')).toBe('exchange-en');
  });
});

describe('"it hasn’t shipped yet" says how the order stands, it does not ask where it is (#17, eleventh round)', () => {
  it('reads as shipping, not tracking; "has my order shipped yet" still tracks', () => {
    expect(terms("it hasn't shipped yet")).toEqual(terms('ship'));
    expect(answered('has my order shipped yet')).toBe('track-order-en');
    expect(answered("i want to cancel, it hasn't shipped yet")).not.toBe('track-order-en');
  });
});

describe('three neighbours told apart by the whole message’s words (#17, eleventh round)', () => {
  it.each([
    ["i want to cancel, it hasn't shipped yet", 'cancel-en'],
    // "I live in" is filler since #17's twelfth round (the message is then read whole, no tie): "stay" keeps the tie.
    ['I stay in germany, can you ship here', 'international-en'],
  ])('%s answers %s (it fell back without the rule)', (text, article) => {
    expect(answered(text)).toBe(article);
    expect(new KnowledgeIndex(evalArticles(), { scoring: { tieWords: false } }).decide(text).type).toBe('none');
  });

  it('still asks between two neighbours, and falls back when the three hold as many words', () => {
    expect(index.decide('商品可以退回嗎').type).toBe('clarify');
    const gift = (id: string, what: string) => ({ id, question: `Gift ${what}`, answer: `Ask us about gift ${what}.` });
    expect(new KnowledgeIndex([gift('wrap', 'wrapping'), gift('card', 'cards'), gift('box', 'boxes')]).decide('gift').type).toBe('none');
  });
});
