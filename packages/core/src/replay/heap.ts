/** A binary min-heap ordered by (at, key, insertion): the simulator's future events. */
export interface Scheduled {
  readonly at: number;
  readonly key: number;
  order: number;
  run(): void;
}

export class EventHeap {
  private items: Scheduled[] = [];
  private counter = 0;

  get size(): number {
    return this.items.length;
  }

  push(at: number, key: number, run: () => void): void {
    this.add({ at, key, order: 0, run });
  }

  /** An item the caller made whole (one object where `push` makes an item and the caller a closure); its order is set here. */
  add(item: Scheduled): void {
    item.order = this.counter++;
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, items[parent])) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = item;
  }

  peek(): Scheduled | undefined {
    return this.items[0];
  }

  pop(): Scheduled | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= items.length) break;
      const r = l + 1;
      const child = r < items.length && before(items[r], items[l]) ? r : l;
      if (!before(items[child], last)) break;
      items[i] = items[child];
      i = child;
    }
    items[i] = last;
    return top;
  }
}

export function before(a: { at: number; key: number; order: number }, b: { at: number; key: number; order: number }): boolean {
  return a.at < b.at || (a.at === b.at && (a.key < b.key || (a.key === b.key && a.order < b.order)));
}

/** FNV-1a of a string, as a number in [0, 1): the simulation's only "randomness", the same on every run. */
export function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 4_294_967_296;
}
