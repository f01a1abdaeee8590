/**
 * The server's English stemmer for the knowledge base (core's Stemmer port):
 * Porter2, the Snowball English stemmer (wink-porter2-stemmer: plain
 * JavaScript, no dependencies). It meets more inflections than core's light
 * suffix stripper (cancellation/cancel, charging/charge, happily/happy);
 * articles and questions go through the same one, so only consistency
 * matters. Words are lower case already (normalised text).
 */
import type { Stemmer } from '@switchboard/core';
import porter2 from 'wink-porter2-stemmer';

export const knowledgeStemmer: Stemmer = (word) => porter2(word);
