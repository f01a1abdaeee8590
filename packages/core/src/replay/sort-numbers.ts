/**
 * Numbers sorted ascending, as `sort((a, b) => a - b)` sorts them: the
 * figures' waits, the handle times, patience and accept delays — a month's
 * are millions, sorted several times (recorded and simulated, each queue).
 * They are never negative, and non-negative doubles (NaN and -0 aside) order
 * as the unsigned integers of their bits, so they are sorted by an LSD radix
 * sort of those bits, 16 at a time: four linear passes instead of the typed
 * array's native sort (~0.3 s for 1.5 M values on this machine; ~2 s of a
 * month's replay in all). Any other value (a negative, -0, NaN) takes the
 * native sort; so does a big-endian machine, whose words lie the other way.
 */
export function sortNumbers(list: number[]): number[] {
  if (isSorted(list)) return list;
  const sorted = sortedCopy(list);
  for (let i = 0; i < sorted.length; i++) list[i] = sorted[i];
  return list;
}

/** The values sorted ascending, in a new typed array (the list is not changed). */
export function sortedCopy(list: ArrayLike<number>): Float64Array {
  const values = Float64Array.from(list);
  if (values.length < 256 || !LITTLE_ENDIAN || !radixSortable(values)) return values.sort();
  return radixSort(values);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Already in the native sort's order (which puts -0 before 0): sorted lists are sorted again (the handle times, by each caller). */
function isSorted(list: ArrayLike<number>): boolean {
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1];
    const b = list[i];
    if (!(a < b || (a === b && !(Object.is(b, -0) && !Object.is(a, -0))))) return false;
  }
  return true;
}

/** Every value ≥ 0 and none of them -0 (its sign bit is set) or NaN. */
function radixSortable(values: Float64Array): boolean {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  for (let i = 0; i < values.length; i++) if (!(values[i] >= 0) || words[2 * i + 1] >>> 31 !== 0) return false;
  return true;
}

/** LSD radix sort of non-negative doubles by their bits (little-endian words: low at 2i, high at 2i + 1), 16 bits a pass. */
function radixSort(values: Float64Array): Float64Array {
  let src: Float64Array = values;
  let dst: Float64Array = new Float64Array(values.length);
  const counts = new Uint32Array(65_536);
  for (let pass = 0; pass < 4; pass++) {
    const words = new Uint32Array(src.buffer, src.byteOffset, src.length * 2);
    const word = pass >> 1;
    const shift = (pass & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < src.length; i++) counts[(words[2 * i + word] >>> shift) & 0xffff]++;
    // One bucket holds every value: this pass would move nothing.
    if (counts[(words[word] >>> shift) & 0xffff] === src.length) continue;
    let sum = 0;
    for (let d = 0; d < 65_536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < src.length; i++) dst[counts[(words[2 * i + word] >>> shift) & 0xffff]++] = src[i];
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}
