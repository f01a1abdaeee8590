import { useI18n } from '../../lib/i18n.ts';
import { fileSize } from './file-words.ts';
import { ClipIcon } from './attach-control.tsx';
import './attachments.css';

interface ShownFile {
  type?: string;
  url?: string;
  name?: string;
  size?: number;
  attachmentId?: string;
  refused?: string;
  refusedBecause?: string;
  filename?: string;
}

/**
 * A message's files: pictures inline (a click opens them full size), other
 * files as download links with their size. URLs are the server's signed
 * ones (or an agent's https image), never built here.
 */
export function MessageFiles({ attachments }: { attachments: unknown[] }) {
  const { t, lang } = useI18n();
  const files = (attachments as ShownFile[]).filter((a) => a && (a.url || a.refused) && a.type !== 'quick_replies' && a.type !== 'buttons');
  if (files.length === 0) return null;
  return (
    <ul className="msg-files">
      {files.map((f, i) => {
        const name = f.name ?? f.filename ?? t('attachmentUnnamed');
        if (f.refused)
          return (
            <li key={i} className="file-refused">
              {t('attachmentNotKept', { name, why: f.refusedBecause ?? '' })}
            </li>
          );
        if (f.type === 'image')
          return (
            <li key={i}>
              <a href={f.url} target="_blank" rel="noopener noreferrer" aria-label={t('attachmentOpenImage', { name })}>
                <img src={f.url} alt={name} onLoad={(e) => keepAtEnd(e.currentTarget)} />
              </a>
            </li>
          );
        return (
          <li key={i}>
            <a className="file-link" href={f.url} download={name} rel="noopener noreferrer">
              <ClipIcon />
              {name}
              {typeof f.size === 'number' && <span className="file-size"> ({fileSize(f.size, lang)})</span>}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

/** A picture that loads after the timeline scrolled to its end makes it longer: stay at the end if the agent was there. */
function keepAtEnd(img: HTMLImageElement) {
  const list = img.closest('.timeline');
  if (list && list.scrollHeight - list.scrollTop - list.clientHeight < img.height + 120) list.scrollTop = list.scrollHeight;
}
