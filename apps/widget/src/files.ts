import { h } from './dom.ts';
import type { Translate } from './i18n.ts';

/** The widget's words for files, in its three languages (kept here so the file feature is one module). */
const words = {
  en: {
    attach: 'Attach a file',
    uploading: 'Sending {name}…',
    tooLarge: '{name} is too large to send (at most {max}).',
    badType: '{name} cannot be sent: this kind of file is not accepted.',
    failed: '{name} was not sent. Check your connection and try again.',
    image: 'Image {name}',
  },
  'zh-TW': {
    attach: '附加檔案',
    uploading: '正在傳送 {name}…',
    tooLarge: '{name} 太大，無法傳送（上限 {max}）。',
    badType: '{name} 無法傳送：不接受這種檔案。',
    failed: '{name} 未送出。請檢查網路連線後再試一次。',
    image: '圖片 {name}',
  },
  ja: {
    attach: 'ファイルを添付',
    uploading: '{name} を送信中…',
    tooLarge: '{name} は大きすぎて送信できません（上限 {max}）。',
    badType: '{name} は送信できません：この種類のファイルは受け付けていません。',
    failed: '{name} を送信できませんでした。接続を確認してもう一度お試しください。',
    image: '画像 {name}',
  },
};
type FileWord = keyof (typeof words)['en'];

export const fileWord = (t: Translate, key: FileWord, values: Record<string, string> = {}) =>
  words[t.lang][key].replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

interface ShownFile {
  type?: string;
  url?: string;
  name?: string;
  filename?: string;
  size?: number;
}

let base = '';
/** Where the server is: signed file URLs are paths on it, and the widget runs on the customer's own site. */
export function setFileBase(url: string) {
  base = url;
}

const safeUrl = (url: string) => {
  try {
    const u = new URL(url, base || location.href);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : '';
  } catch {
    return '';
  }
};

/** "[image] photo.png", the server's text for a message that is only a file: the file shows itself. */
export const onlyFileText = (text: string, attachments: unknown[] = []) =>
  (attachments as ShownFile[]).some((a) => typeof a?.name === 'string' && text === `[${a.type}] ${a.name}`);

/** A message's pictures inline (opening full size in a new tab) and other files as download links. */
export function fileItems(attachments: unknown[] = [], t: Translate): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const f of attachments as ShownFile[]) {
    const href = f?.url ? safeUrl(f.url) : '';
    if (!href) continue;
    const name = f.name ?? f.filename ?? 'file';
    const link = h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'file' });
    if (f.type === 'image') {
      link.setAttribute('aria-label', fileWord(t, 'image', { name }));
      const img = h('img', { src: href, alt: name });
      img.onload = () => keepAtEnd(img);
      link.append(img);
    } else {
      link.setAttribute('download', name);
      link.append(clipIcon(), `${name}${typeof f.size === 'number' ? ` (${size(f.size)})` : ''}`);
    }
    out.push(link);
  }
  return out;
}

/** A picture that loads after its message was scrolled to grows the log: stay at the end if the reader was there. */
function keepAtEnd(img: HTMLImageElement) {
  const log = img.closest('.log');
  if (log && log.scrollHeight - log.scrollTop - log.clientHeight < img.height + 120) log.scrollTop = log.scrollHeight;
}

const size = (n: number) => (n >= 1048576 ? `${Math.round(n / 104857.6) / 10} MB` : n >= 1024 ? `${Math.round(n / 1024)} kB` : `${n} B`);

/**
 * The composer's file control: a real button (reachable by Tab, pressed with
 * Enter or Space) opening the file picker; pictures pasted into the message
 * box go the same way.
 */
export function fileControl(t: Translate, onFiles: (files: File[]) => void) {
  const input = h('input', { type: 'file', hidden: '', multiple: '', 'data-sb-file': '' });
  const button = h('button', { type: 'button', class: 'attach', 'aria-label': fileWord(t, 'attach'), title: fileWord(t, 'attach') }, clipIcon());
  button.onclick = () => input.click();
  input.onchange = () => {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) onFiles(files);
  };
  const onPaste = (e: ClipboardEvent) => {
    const files = [...(e.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (!files.length) return;
    e.preventDefault();
    onFiles(files);
  };
  return { button, input, onPaste };
}

/** The upload: the file itself as the body (POST /webchat/attachments). Refusals come back as a sentence in the visitor's language. */
export async function uploadFile(apiBase: string, token: string, file: File, clientMessageId: string, t: Translate) {
  const name = file.name || 'image.png';
  let res: Response;
  try {
    res = await fetch(`${apiBase}/api/v1/webchat/attachments?name=${encodeURIComponent(name)}&clientMessageId=${clientMessageId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': file.type || 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw new Error(fileWord(t, 'failed', { name }));
  }
  const body = await res.json().catch(() => ({}));
  if (res.ok) return body as { conversationId: string; messageId: string; status: string; attachment: ShownFile };
  const error = (body as { error?: { code?: string; details?: { maxBytes?: number } } }).error;
  if (res.status === 413) throw new Error(fileWord(t, 'tooLarge', { name, max: size(error?.details?.maxBytes ?? 10485760) }));
  if (res.status === 415) throw new Error(fileWord(t, 'badType', { name }));
  throw new Error(fileWord(t, 'failed', { name }));
}

function clipIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M16.5 6.5 8.6 14.4a2 2 0 1 0 2.8 2.8l8-8a4 4 0 0 0-5.6-5.6l-8.3 8.3a6 6 0 0 0 8.5 8.5l7-7');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2');
  path.setAttribute('stroke-linecap', 'round');
  svg.append(path);
  return svg;
}

export const fileCss = `
.msg .file { display: block; margin-top: 6px; }
.msg .file img { display: block; max-width: 100%; max-height: 220px; border-radius: 10px; background: #fff; }
.msg-customer .file img { border: 1px solid rgba(255,255,255,.5); }
.attach { flex: none; width: 44px; height: 44px; border: 1px solid #8a929c; border-radius: 10px; background: #fff; color: #30363d; cursor: pointer; display: grid; place-items: center; }
.attach svg { width: 22px; height: 22px; }
.msg .file svg { width: 16px; height: 16px; vertical-align: -3px; margin-right: 4px; }
.attach:hover { background: #f0f3f8; }
`;
