/**
 * A small parser for the subset of JavaScript regular-expression syntax that the
 * safety check needs: groups, alternation, atoms and quantifiers. It runs only on
 * patterns that `new RegExp(pattern, 'u')` already accepted, so it can assume
 * well-formed input (unicode mode forbids the loose legacy forms).
 */

export interface Quantifier {
  min: number;
  max: number; // Infinity when unbounded
}

export type RegexNode =
  | { kind: 'group'; alternatives: RegexNode[][]; quantifier?: Quantifier }
  | { kind: 'char'; value: string; quantifier?: Quantifier }
  /** A character class, class escape (\d, \w, \p{…}) or the dot: matches "many" characters. */
  | { kind: 'set'; quantifier?: Quantifier }
  | { kind: 'assertion'; quantifier?: Quantifier }
  | { kind: 'backreference'; quantifier?: Quantifier };

const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'p', 'P', 'u', 'x', 'c']);

export function parseRegex(pattern: string): RegexNode[][] {
  const parser = new Parser(pattern);
  return parser.alternation();
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  alternation(): RegexNode[][] {
    const branches: RegexNode[][] = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    return branches;
  }

  private sequence(): RegexNode[] {
    const nodes: RegexNode[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const node = this.atom();
      const quantifier = this.quantifier();
      if (quantifier) node.quantifier = quantifier;
      nodes.push(node);
    }
    return nodes;
  }

  private atom(): RegexNode {
    const ch = this.src[this.pos++];
    switch (ch) {
      case '(':
        return this.group();
      case '[':
        this.skipClass();
        return { kind: 'set' };
      case '\\':
        return this.escape();
      case '.':
        return { kind: 'set' };
      case '^':
      case '$':
        return { kind: 'assertion' };
      default:
        return { kind: 'char', value: ch.toLowerCase() };
    }
  }

  private group(): RegexNode {
    if (this.src[this.pos] === '?') {
      // (?: (?= (?! (?<= (?<! (?<name>: the prefix changes nothing for backtracking risk.
      const named = /^\?<[^=!][^>]*>/.exec(this.src.slice(this.pos));
      this.pos += named ? named[0].length : this.src[this.pos + 1] === '<' ? 3 : 2;
    }
    const alternatives = this.alternation();
    this.pos++; // the closing parenthesis
    return { kind: 'group', alternatives };
  }

  private skipClass(): void {
    while (this.pos < this.src.length && this.src[this.pos] !== ']') {
      this.pos += this.src[this.pos] === '\\' ? 2 : 1;
    }
    this.pos++;
  }

  private escape(): RegexNode {
    const ch = this.src[this.pos++];
    if (/[1-9]/.test(ch) || (ch === 'k' && this.src[this.pos] === '<')) return { kind: 'backreference' };
    if (ch === 'b' || ch === 'B') return { kind: 'assertion' };
    if (CLASS_ESCAPES.has(ch)) {
      this.skipEscapeTail(ch);
      return { kind: 'set' };
    }
    return { kind: 'char', value: `\\${ch}` };
  }

  private skipEscapeTail(ch: string): void {
    if (this.src[this.pos] === '{') {
      this.pos = this.src.indexOf('}', this.pos) + 1;
    } else if (ch === 'u') {
      this.pos += 4;
    } else if (ch === 'x') {
      this.pos += 2;
    } else if (ch === 'c') {
      this.pos += 1;
    }
  }

  private quantifier(): Quantifier | undefined {
    const ch = this.src[this.pos];
    let result: Quantifier | undefined;
    if (ch === '*') result = { min: 0, max: Infinity };
    else if (ch === '+') result = { min: 1, max: Infinity };
    else if (ch === '?') result = { min: 0, max: 1 };
    else if (ch === '{') return this.braces();
    if (result) {
      this.pos++;
      if (this.src[this.pos] === '?') this.pos++; // lazy: same risk as greedy
    }
    return result;
  }

  private braces(): Quantifier | undefined {
    const m = /^\{(\d+)(,(\d*))?\}\??/.exec(this.src.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    return { min, max };
  }
}
