export * from './normalize.ts';
export * from './pattern-engine.ts';
export * from './regex-safety.ts';
export * from './keyword-rules.ts';
export * from './handoff-keywords.ts';
export { ASPECT_WEIGHT, SINGLE_CHAR_WEIGHT, tokenize, createTokenizer, stem, type Tokenizer, type WeightedToken } from './tokenize.ts';
export { scriptSegmenter, type Segmenter, type Stemmer, type Thesaurus } from './segmenter.ts';
export { Lexicon } from './knowledge-lexicon.ts';
export { DEFAULT_SYNONYMS } from './knowledge-lexicon-data.ts';
export { DEFAULT_ASPECTS, DEFAULT_FILLERS, DEFAULT_GOODS, MISTAKES } from './knowledge-word-lists.ts';
export { DEFAULT_SENSES, withSenses, type Sense } from './knowledge-senses.ts';
export {
  CARRIERS_CARDS_AND_RENT,
  CARS_AND_MAIL_ACCOUNTS,
  DEFAULT_OTHER_BUSINESSES,
  DEVICE_LOCKS,
  OTHER_SHOPS_AND_SERVICES,
  SOCIAL_ACCOUNTS_AND_AGENCIES,
} from './knowledge-other-businesses.ts';
export type { LexiconChanges } from './knowledge-lexicon.ts';
export * from './knowledge-index.ts';
export * from './samples.ts';
