/** "[image] photo.png": the text the server gives a message that is only a file; the file itself says it better. */
export function onlyFileText(text: string, attachments: unknown[]): boolean {
  return attachments.some((a) => {
    const f = a as { type?: string; name?: string };
    return typeof f?.name === 'string' && text === `[${f.type}] ${f.name}`;
  });
}

export function fileSize(n: number, lang: string): string {
  const fmt = (v: number) => v.toLocaleString(lang, { maximumFractionDigits: 1 });
  if (n >= 1024 * 1024) return `${fmt(n / (1024 * 1024))} MB`;
  if (n >= 1024) return `${fmt(n / 1024)} kB`;
  return `${n} B`;
}
