/**
 * A feature's words in every language the console speaks. Each feature keeps its own file in ./features/
 * so that features built side by side never edit the same dictionary; the English object names the keys
 * and the other two must have every one of them (a missing key is a compile error).
 */
export function feature<const E extends Record<string, string>>(words: {
  en: E;
  'zh-TW': Record<keyof E, string>;
  ja: Record<keyof E, string>;
}) {
  return words;
}
