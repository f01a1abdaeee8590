export function shortId(id: string) {
  return id.length > 12 ? `…${id.slice(-6)}` : id;
}

export function time(iso: string | null | undefined, lang: string) {
  if (!iso) return '';
  return new Date(iso).toLocaleTimeString(lang, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function duration(seconds: number | null | undefined) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function percent(share: number | null | undefined) {
  return share === null || share === undefined ? '–' : `${Math.round(share * 100)}%`;
}
