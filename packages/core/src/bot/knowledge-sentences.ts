/**
 * The sentences (clauses) of a message, split after sentence punctuation in
 * the three languages (。！？ ! ? ; a full stop before a space) and after
 * commas (，and , but not 1,000), trimmed, empty ones dropped; at most
 * MAX_SENTENCES (the last ones: the question usually comes last). One
 * sentence: [] (the whole message is that sentence).
 */
export function questionSentences(text: string): string[] {
  const sentences = text
    .split(/(?<=[。！？!?；;\n，])|(?<=,)(?!\d)|(?<=\.)(?=\s)/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
  return sentences.length > 1 ? sentences.slice(-MAX_SENTENCES) : [];
}

const MAX_SENTENCES = 4;
