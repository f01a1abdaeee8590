/** `?after=<cursor>`: a non-negative integer; anything else is treated as no cursor (the socket starts live). */
export function parseAfter(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}
