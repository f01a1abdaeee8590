/**
 * Typos in Latin words (issue #17, seventh round): "pasword", "warrenty",
 * "adress" are words no article holds, so they counted as words the article
 * lacks. A query word whose stem has six letters or more and that no article
 * holds is read as the indexed word one edit away (a letter added, dropped,
 * changed, or two neighbours swapped) with the same first letter, the most
 * widely held if there are several. Shorter stems are left alone (bag / bad;
 * charg, the stem of "charging", is one edit from chang, of "change"), and so
 * are words with digits (order numbers).
 */

/** Latin index terms (`w:` without digits) by first letter and length, kept as postings come and go. */
export class TypoVocabulary {
  private readonly buckets = new Map<string, Set<string>>();

  add(term: string): void {
    const key = bucketOf(term);
    if (key === undefined) return;
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new Set()));
    bucket.add(term);
  }

  delete(term: string): void {
    const key = bucketOf(term);
    if (key !== undefined) this.buckets.get(key)?.delete(term);
  }

  /** The indexed term one edit from `term`, the most widely held (`holders`) first; undefined when none. */
  nearest(term: string, holders: (term: string) => number): string | undefined {
    if (!correctable(term)) return undefined;
    let best: string | undefined;
    let bestHolders = 0;
    for (const length of [term.length - 1, term.length, term.length + 1]) {
      const bucket = this.buckets.get(`${term[2]}${length}`);
      if (!bucket) continue;
      for (const known of bucket) {
        if (!oneEditApart(term, known)) continue;
        const n = holders(known);
        if (n > bestHolders || (n === bestHolders && best !== undefined && known < best)) {
          best = known;
          bestHolders = n;
        }
      }
    }
    return best;
  }
}

/** `w:` + at least six letters, no digits. */
const MIN_LETTERS = 6;

export function correctable(term: string): boolean {
  return term.startsWith('w:') && term.length - 2 >= MIN_LETTERS && !/\d/u.test(term);
}

function bucketOf(term: string): string | undefined {
  if (!term.startsWith('w:') || /\d/u.test(term) || term.length - 2 < MIN_LETTERS - 1) return undefined;
  return `${term[2]}${term.length}`;
}

/** Optimal string alignment distance ≤ 1 (one insertion, deletion, substitution or adjacent swap), a ≠ b. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
