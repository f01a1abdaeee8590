/**
 * English as people type it in chat (issue #17, seventh round): texting
 * spellings (u, ur, r, thx) and contractions typed without the apostrophe
 * (doesnt, cant, wheres) become the standard spelling before the lexicon
 * runs, so "do u take amex" meets the filler "do you take" and "wheres my
 * package" the tracking phrase "where's my". Only spellings that are not
 * also English words are listed: its, id, ill, well, were, lets, hes and shes
 * stay as typed.
 */
const CHAT_SPELLINGS: Readonly<Record<string, string>> = {
  u: 'you',
  ya: 'you',
  ur: 'your',
  r: 'are',
  thx: 'thanks',
  tnx: 'thanks',
  cuz: 'because',
  coz: 'because',
  bc: 'because',
  dont: "don't",
  doesnt: "doesn't",
  didnt: "didn't",
  isnt: "isn't",
  arent: "aren't",
  wasnt: "wasn't",
  werent: "weren't",
  cant: "can't",
  couldnt: "couldn't",
  wouldnt: "wouldn't",
  shouldnt: "shouldn't",
  wont: "won't",
  havent: "haven't",
  hasnt: "hasn't",
  hadnt: "hadn't",
  im: "i'm",
  ive: "i've",
  youre: "you're",
  theyre: "they're",
  whats: "what's",
  wheres: "where's",
  hows: "how's",
  whens: "when's",
  thats: "that's",
  theres: "there's",
};

const CHAT_WORD = new RegExp(String.raw`(?<![\p{L}\p{N}'])(?:${Object.keys(CHAT_SPELLINGS).join('|')})(?![\p{L}\p{N}'])`, 'gu');

/** Normalised (lower-case) text with chat spellings replaced by standard ones. */
export function standardSpelling(text: string): string {
  return text.replace(CHAT_WORD, (word) => CHAT_SPELLINGS[word] ?? word);
}
