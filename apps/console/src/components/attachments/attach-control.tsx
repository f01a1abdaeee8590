import { useRef } from 'react';
import { useI18n } from '../../lib/i18n.ts';
import type { ReplyFiles } from './use-reply-files.ts';
import './attachments.css';

/**
 * The reply box's attach control: a real button (keyboard and screen reader
 * alike) that opens the file picker, and a chip per chosen file with its
 * upload state and a remove button. Refusals (too large, a type not
 * allowed) show the server's sentence.
 */
export function AttachControl({ files }: { files: ReplyFiles }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="attach-control">
      <button type="button" className="attach-button" onClick={() => input.current?.click()}>
        <ClipIcon />
        {t('attachFile')}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="reply-file-input"
        onChange={(e) => {
          files.add([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      {files.files.length > 0 && (
        <ul className="chips" aria-label={t('attachedFiles')}>
          {files.files.map((f) => (
            <li key={f.key} className={`chip chip-${f.state}`}>
              {f.state === 'ready' && f.type === 'image' && f.url && <img src={f.url} alt="" />}
              <span>{f.name}</span>
              {f.state === 'uploading' && <span className="muted">{t('attachUploading')}</span>}
              <button type="button" aria-label={t('attachRemove', { name: f.name })} onClick={() => files.remove(f.key)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {files.files
        .filter((f) => f.state === 'failed')
        .map((f) => (
          <p key={f.key} role="alert" className="error">
            {t('attachRefused', { name: f.name, why: f.error ?? '' })}
          </p>
        ))}
    </div>
  );
}

export function ClipIcon() {
  return (
    <svg className="clip-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M16.5 6.5 8.6 14.4a2 2 0 1 0 2.8 2.8l8-8a4 4 0 0 0-5.6-5.6l-8.3 8.3a6 6 0 0 0 8.5 8.5l7-7" />
    </svg>
  );
}
