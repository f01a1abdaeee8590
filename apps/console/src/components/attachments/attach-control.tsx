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
        <span aria-hidden="true">📎 </span>
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
