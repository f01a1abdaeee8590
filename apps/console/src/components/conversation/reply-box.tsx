import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { AttachControl } from '../attachments/attach-control.tsx';
import { useReplyFiles } from '../attachments/use-reply-files.ts';

const TYPING_EVERY_MS = 3000;

export function ReplyBox({ conversationId, onSent }: { conversationId: string; onSent: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lastTyping = useRef(0);
  const files = useReplyFiles();

  async function send(e?: FormEvent) {
    e?.preventDefault();
    if ((!text.trim() && !files.hasReady) || busy || files.uploading) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/conversations/${conversationId}/messages`, { text, ...files.body() });
      setText('');
      files.clear();
      onSent();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send();
  }

  function onChange(value: string) {
    setText(value);
    // Typing indicators are best effort: an older server without the endpoint just ignores them.
    if (Date.now() - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = Date.now();
      void api.post(`/conversations/${conversationId}/typing`).catch(() => {});
    }
  }

  return (
    <form className="reply-box" onSubmit={send}>
      <label htmlFor="reply-text" className="sr-only">
        {t('reply')}
      </label>
      <textarea id="reply-text" rows={3} value={text} placeholder={t('replyPlaceholder')} onChange={(e) => onChange(e.target.value)} onKeyDown={onKeyDown} />
      <AttachControl files={files} />
      <button type="submit" className="primary" disabled={busy || files.uploading || (!text.trim() && !files.hasReady)}>
        {t('send')}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
