/**
 * The server's word segmenter for the knowledge base (core's Segmenter port).
 * Chinese runs go to jieba (@node-rs/jieba: a Rust build shipped inside the
 * npm package, nothing downloaded). jieba's bundled dictionary is Simplified
 * Chinese and cuts Traditional text into single characters (運|費|怎|麼), so a
 * run is first converted to Simplified (opencc-js, tw → cn, character for
 * character) and the cut is mapped back onto the original characters by
 * length. Runs with kana are Japanese and keep core's script-class segmenter
 * (docs/decisions/0012-knowledge-retrieval.md says why not kuromoji).
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { scriptSegmenter, type Segmenter } from '@switchboard/core';
import { Converter } from 'opencc-js/t2cn';

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;

export function createJiebaSegmenter(): Segmenter {
  const jieba = Jieba.withDict(dict);
  const toSimplified = Converter({ from: 'tw', to: 'cn' });
  return {
    segment(run: string): string[] {
      if (KANA.test(run)) return scriptSegmenter.segment(run);
      const simplified = toSimplified(run);
      if (simplified.length !== run.length) return jieba.cut(run, false);
      const words: string[] = [];
      let at = 0;
      for (const word of jieba.cut(simplified, false)) {
        words.push(run.slice(at, at + word.length));
        at += word.length;
      }
      return words;
    },
  };
}

let shared: Segmenter | undefined;

/** One per process: the dictionary takes ~90 ms and ~30 MB to load. */
export function knowledgeSegmenter(): Segmenter {
  return (shared ??= createJiebaSegmenter());
}
