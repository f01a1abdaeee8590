import type { QueueStanding } from '@switchboard/protocol';

/**
 * The second line under "You are number 2 in the queue." (SPEC R12, live):
 * the estimate as the server last computed it, or the truth when there is no
 * number — nobody who could answer is online, or we are closed until a given
 * time (R11, in the schedule's zone). It follows every `queue.position`
 * frame; a closing time that has passed is no longer shown.
 */
type Lang = 'en' | 'zh-TW' | 'ja';

const words: Record<Lang, Record<'eta' | 'soon' | 'minute' | 'minutes' | 'hours' | 'offline' | 'closed', string>> = {
  en: {
    eta: 'Estimated wait: {eta}.',
    soon: 'less than a minute',
    minute: 'about 1 minute',
    minutes: 'about {n} minutes',
    hours: 'about {n} hours',
    offline: 'No agent is online right now; you keep your place.',
    closed: "We're closed until {when}; you keep your place.",
  },
  'zh-TW': {
    eta: '預估等候時間：{eta}。',
    soon: '不到 1 分鐘',
    minute: '約 1 分鐘',
    minutes: '約 {n} 分鐘',
    hours: '約 {n} 小時',
    offline: '目前沒有客服人員在線，我們會為您保留順位。',
    closed: '目前非營業時間，{when} 起恢復服務；我們會為您保留順位。',
  },
  ja: {
    eta: '待ち時間の目安：{eta}。',
    soon: '1 分以内',
    minute: '約 1 分',
    minutes: '約 {n} 分',
    hours: '約 {n} 時間',
    offline: '現在対応できる担当者がいません。順番はそのまま保たれます。',
    closed: '営業時間外です（{when} から対応します）。順番はそのまま保たれます。',
  },
};

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

function etaText(w: (typeof words)[Lang], seconds: number) {
  if (seconds < 60) return w.soon;
  const minutes = Math.round(seconds / 60);
  if (minutes === 1) return w.minute;
  if (minutes < 90) return fill(w.minutes, { n: minutes });
  return fill(w.hours, { n: Math.round(minutes / 60) });
}

/** "Mon 09:00" within the week, else the date, in the visitor's language (the moment is the schedule's wall clock). */
function whenText(lang: Lang, moment: NonNullable<QueueStanding['closedUntil']>, now: number) {
  const day = new Date(`${moment.date}T12:00:00Z`);
  const withinWeek = Date.parse(moment.at) - now < 6 * 24 * 3600 * 1000;
  const label = new Intl.DateTimeFormat(lang, withinWeek ? { weekday: 'short', timeZone: 'UTC' } : { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    day,
  );
  return `${label} ${moment.time}`;
}

export function queueDetail(lang: Lang, standing: QueueStanding | null | undefined, now = Date.now()): string {
  if (!standing) return '';
  const w = words[lang];
  const closed = standing.closedUntil;
  if (closed && Date.parse(closed.at) > now) return fill(w.closed, { when: whenText(lang, closed, now) });
  if (standing.agentsReady === false) return w.offline;
  if (typeof standing.estimatedWaitSeconds === 'number') return fill(w.eta, { eta: etaText(w, standing.estimatedWaitSeconds) });
  return '';
}

/** Milliseconds until the line must change by itself (the opening passes), or null. */
export function queueWake(standing: QueueStanding | null | undefined, now = Date.now()): number | null {
  const at = standing?.closedUntil ? Date.parse(standing.closedUntil.at) - now : NaN;
  return at > 0 && at < 2 ** 31 - 1 ? at + 50 : null;
}
