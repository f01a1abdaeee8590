import './agent-tools.css';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';

interface Canned {
  id: string;
  shortcut: string;
  text: string;
  folder: string | null;
  prompts: string[];
}

/** "/" at the start of the reply box, then a shortcut or any words: the query; null when the box holds a reply. */
const queryOf = (text: string) => (/^\/\S*$/u.test(text) ? text.slice(1) : null);

/**
 * The reply box's `/` picker: canned responses matching what follows the
 * slash (shortcut, text, folder or tag, any language), chosen with the
 * arrow keys and Enter; a response with `{{?prompt}}` placeholders asks for
 * them first, then the server fills the contact and agent values.
 */
export function useCannedPicker(conversationId: string, text: string, onInsert: (text: string, cannedId: string) => void) {
  const { t } = useI18n();
  const q = queryOf(text);
  const [items, setItems] = useState<Canned[]>([]);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [asking, setAsking] = useState<Canned | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = q !== null && dismissed !== text && asking === null;

  useEffect(() => {
    if (q === null) return;
    let live = true;
    const timer = setTimeout(() => {
      api
        .get<{ items: Canned[] }>(`/canned-responses?limit=8&q=${encodeURIComponent(q)}`)
        .then((r) => live && (setItems(r.items), setActive(0)))
        .catch(() => live && setItems([]));
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  async function fill(c: Canned, answers: Record<string, string> = {}) {
    setError(null);
    try {
      const r = await api.post<{ text: string; missing: string[] }>(`/canned-responses/${c.id}/render`, { conversationId, answers });
      setAsking(null);
      onInsert(r.text, c.id);
    } catch (e) {
      setError(errorText(e));
    }
  }

  function choose(c: Canned) {
    if (c.prompts.length > 0) setAsking(c);
    else void fill(c);
  }

  /** The reply box's keys while the picker is open; true when the picker used the key. */
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open || items.length === 0) {
      if (open && e.key === 'Escape') setDismissed(text);
      return false;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length);
      return true;
    }
    if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      choose(items[active]!);
      return true;
    }
    if (e.key === 'Escape') {
      setDismissed(text);
      return true;
    }
    return false;
  }

  const element = (
    <>
      {open && (
        <div className="canned-picker">
          <p className="muted canned-hint">{t('cannedHint')}</p>
          {items.length === 0 ? (
            <p className="muted">{t('cannedNone', { q: q ?? '' })}</p>
          ) : (
            <ul role="listbox" id="canned-list" aria-label={t('cannedPicker')}>
              {items.map((c, i) => (
                <li
                  key={c.id}
                  id={`canned-${c.id}`}
                  role="option"
                  aria-selected={i === active}
                  className={i === active ? 'active' : undefined}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    choose(c);
                  }}
                >
                  <strong>/{c.shortcut}</strong> {c.folder && <span className="muted">[{c.folder}]</span>} <span className="canned-text">{c.text}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {asking && <PromptForm canned={asking} onDone={(answers) => void fill(asking, answers)} onCancel={() => setAsking(null)} />}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </>
  );
  return { open, activeId: open && items[active] ? `canned-${items[active]!.id}` : undefined, onKeyDown, element };
}

/** Asks the agent for each `{{?prompt}}` of the chosen response; Enter moves on, the last Enter inserts. */
function PromptForm({ canned, onDone, onCancel }: { canned: Canned; onDone: (answers: Record<string, string>) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  // Inside the reply box's own form: a group, not a nested <form>, whose Enter must not send the reply.
  function onKey(e: KeyboardEvent<HTMLElement>) {
    if (e.key === 'Escape') onCancel();
    if (e.key !== 'Enter') return;
    e.preventDefault();
    e.stopPropagation();
    onDone(answers);
  }

  return (
    <div className="canned-prompts" role="form" aria-label={t('cannedPromptTitle')} onKeyDown={onKey}>
      <p>
        <strong>/{canned.shortcut}</strong> · {t('cannedPromptTitle')}
      </p>
      {canned.prompts.map((prompt, i) => (
        <label key={prompt}>
          {prompt}
          <input ref={i === 0 ? first : undefined} value={answers[prompt] ?? ''} onChange={(e) => setAnswers({ ...answers, [prompt]: e.target.value })} />
        </label>
      ))}
      <button type="button" className="primary" onClick={() => onDone(answers)}>
        {t('cannedInsert')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </div>
  );
}
