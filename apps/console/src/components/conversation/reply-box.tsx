import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { AttachControl } from '../attachments/attach-control.tsx';
import { useReplyFiles } from '../attachments/use-reply-files.ts';
import { useCannedPicker } from '../agent-tools/canned-picker.tsx';
import { NoteToggle } from '../agent-tools/note-toggle.tsx';

const TYPING_EVERY_MS = 3000;

export function ReplyBox({ conversationId, onSent }: { conversationId: string; onSent: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lastTyping = useRef(0);
  const files = useReplyFiles();
  // Agent tools: internal notes and the `/` canned-response picker.
  const [note, setNote] = useState(false);
  const [cannedId, setCannedId] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useCannedPicker(conversationId, text, (value, id) => {
    setText(value);
    setCannedId(id);
    box.current?.focus();
  });

  async function send(e?: FormEvent) {
    e?.preventDefault();
    if ((!text.trim() && !files.hasReady) || busy || files.uploading) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/conversations/${conversationId}/messages`, {
        text,
        ...files.body(),
        ...(note && { private: true }),
        ...(cannedId && !note && { cannedResponseId: cannedId }),
      });
      setText('');
      setCannedId(null);
      files.clear();
      onSent();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (picker.onKeyDown(e)) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send();
  }

  function onChange(value: string) {
    setText(value);
    if (value === '') setCannedId(null);
    // Typing indicators are best effort: an older server without the endpoint just ignores them.
    if (Date.now() - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = Date.now();
      // A note is never typed at the customer; colleagues see who is typing either way (collision).
      if (!note) void api.post(`/conversations/${conversationId}/typing`).catch(() => {});
      void api.post(`/conversations/${conversationId}/viewing`, { state: 'typing' }).catch(() => {});
    }
  }

  return (
    <form className={note ? 'reply-box reply-note' : 'reply-box'} onSubmit={send}>
      <NoteToggle on={note} onChange={setNote} />
      {picker.element}
      <label htmlFor="reply-text" className="sr-only">
        {t('reply')}
      </label>
      <textarea
        id="reply-text"
        ref={box}
        rows={3}
        value={text}
        placeholder={note ? t('notePlaceholder') : t('replyPlaceholder')}
        role="combobox"
        aria-expanded={picker.open}
        aria-controls={picker.activeId ? 'canned-list' : undefined}
        aria-autocomplete="list"
        aria-activedescendant={picker.activeId}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="primary" disabled={busy || files.uploading || (!text.trim() && !files.hasReady)}>
        {t('send')}
      </button>
      <AttachControl files={files} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
