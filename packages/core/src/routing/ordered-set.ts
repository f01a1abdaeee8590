/**
 * A treap: a binary search tree kept balanced in expectation by random heap
 * priorities. Insert, delete, min and max cost O(log n). Priorities come from
 * a seeded xorshift generator rather than Math.random so that the engine stays
 * a pure function; the tree's shape never affects what it returns anyway.
 *
 * Elements are compared with `compare`; two elements that compare equal are the
 * same element (a set, not a multiset), so comparators must end on a unique id.
 */
export type Compare<T> = (a: T, b: T) => number;

interface TreapNode<T> {
  value: T;
  priority: number;
  left: TreapNode<T> | null;
  right: TreapNode<T> | null;
}

export class OrderedSet<T> {
  private root: TreapNode<T> | null = null;
  private count = 0;
  private seed = 0x2545f491;
  // The ends are cached: routing peeks at group heads far more often than it changes them.
  private first: T | undefined;
  private last: T | undefined;

  constructor(private readonly compare: Compare<T>) {}

  get size(): number {
    return this.count;
  }

  has(value: T): boolean {
    let node = this.root;
    while (node) {
      const c = this.compare(value, node.value);
      if (c === 0) return true;
      node = c < 0 ? node.left : node.right;
    }
    return false;
  }

  /** Returns false (and changes nothing) when an equal element is already present. */
  insert(value: T): boolean {
    const before = this.count;
    this.root = this.insertAt(this.root, { value, priority: this.nextPriority(), left: null, right: null });
    if (this.count === before) return false;
    if (this.first === undefined || this.compare(value, this.first) < 0) this.first = value;
    if (this.last === undefined || this.compare(value, this.last) > 0) this.last = value;
    return true;
  }

  delete(value: T): boolean {
    const before = this.count;
    this.root = this.deleteAt(this.root, value);
    if (this.count === before) return false;
    if (this.first !== undefined && this.compare(value, this.first) === 0) this.first = this.walkMin();
    if (this.last !== undefined && this.compare(value, this.last) === 0) this.last = this.walkMax();
    return true;
  }

  min(): T | undefined {
    return this.first;
  }

  max(): T | undefined {
    return this.last;
  }

  private walkMin(): T | undefined {
    let node = this.root;
    if (!node) return undefined;
    while (node.left) node = node.left;
    return node.value;
  }

  private walkMax(): T | undefined {
    let node = this.root;
    if (!node) return undefined;
    while (node.right) node = node.right;
    return node.value;
  }

  /** In-order traversal; an explicit stack keeps deep trees off the call stack. */
  *ascending(): Generator<T> {
    const stack: TreapNode<T>[] = [];
    let node = this.root;
    while (node || stack.length > 0) {
      while (node) {
        stack.push(node);
        node = node.left;
      }
      const top = stack.pop() as TreapNode<T>;
      yield top.value;
      node = top.right;
    }
  }

  /** Ascending elements while `keep` holds: O(log n + k) for k elements. */
  takeWhile(keep: (value: T) => boolean): T[] {
    const out: T[] = [];
    for (const value of this.ascending()) {
      if (!keep(value)) break;
      out.push(value);
    }
    return out;
  }

  /** One descent: an equal element stops it, leaving `count` unchanged. */
  private insertAt(node: TreapNode<T> | null, fresh: TreapNode<T>): TreapNode<T> {
    if (!node) {
      this.count++;
      return fresh;
    }
    const c = this.compare(fresh.value, node.value);
    if (c === 0) return node;
    if (c < 0) {
      node.left = this.insertAt(node.left, fresh);
      return node.left.priority > node.priority ? rotateRight(node) : node;
    }
    node.right = this.insertAt(node.right, fresh);
    return node.right.priority > node.priority ? rotateLeft(node) : node;
  }

  private deleteAt(node: TreapNode<T> | null, value: T): TreapNode<T> | null {
    if (!node) return null;
    const c = this.compare(value, node.value);
    if (c < 0) node.left = this.deleteAt(node.left, value);
    else if (c > 0) node.right = this.deleteAt(node.right, value);
    else {
      this.count--;
      return merge(node.left, node.right);
    }
    return node;
  }

  private nextPriority(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed;
  }
}

function rotateRight<T>(node: TreapNode<T>): TreapNode<T> {
  const pivot = node.left as TreapNode<T>;
  node.left = pivot.right;
  pivot.right = node;
  return pivot;
}

function rotateLeft<T>(node: TreapNode<T>): TreapNode<T> {
  const pivot = node.right as TreapNode<T>;
  node.right = pivot.left;
  pivot.left = node;
  return pivot;
}

/** Joins two treaps where every element of `a` precedes every element of `b`. */
function merge<T>(a: TreapNode<T> | null, b: TreapNode<T> | null): TreapNode<T> | null {
  if (!a) return b;
  if (!b) return a;
  if (a.priority > b.priority) {
    a.right = merge(a.right, b);
    return a;
  }
  b.left = merge(a, b.left);
  return b;
}
