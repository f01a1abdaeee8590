import { useCallback, useEffect, useState } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { unansweredStrings, type UnansweredStrings } from './unanswered-strings.ts';

export interface UnansweredQuestion {
  id: string;
  text: string;
  count: number;
  lastAskedAt: string;
  nearMisses: Array<{ articleId: string; score: number; question: string }>;
}

/** Questions the bot fell back on, most asked first: one click turns one into an article or an alternative (issue #17). */
export function UnansweredAdmin() {
  const { lang } = useI18n();
  const s = unansweredStrings(lang);
  const [items, setItems] = useState<UnansweredQuestion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api
      .get<{ items: UnansweredQuestion[] }>('/knowledge/unanswered')
      .then((r) => setItems(r.items))
      .catch((e) => setError(errorText(e)));
  }, []);
  useEffect(reload, [reload]);

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      reload();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="unanswered" aria-labelledby="unanswered-title">
      <h2 id="unanswered-title">{s.title}</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items?.length === 0 && <p className="muted">{s.none}</p>}
      <ul>
        {items?.map((q) => (
          <UnansweredRow key={q.id} q={q} s={s} run={run} />
        ))}
      </ul>
    </section>
  );
}

interface RowProps {
  q: UnansweredQuestion;
  s: UnansweredStrings;
  run: (action: () => Promise<unknown>) => Promise<void>;
}

function UnansweredRow({ q, s, run }: RowProps) {
  const [drafting, setDrafting] = useState(false);
  const resolve = (body: unknown) => run(() => api.post(`/knowledge/unanswered/${q.id}/resolve`, body));
  return (
    <li data-testid="unanswered-question">
      <strong>{q.text}</strong> <span className="muted">{s.asked(q.count)}</span>
      {q.nearMisses.length > 0 && (
        <ul aria-label={s.nearMisses}>
          {q.nearMisses.map((m) => (
            <li key={m.articleId}>
              {m.question} <span className="muted">({m.score.toFixed(2)})</span>{' '}
              <button type="button" onClick={() => void resolve({ articleId: m.articleId, asAlternative: true })}>
                {s.addAlternative(m.question)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={() => setDrafting(true)} disabled={drafting}>
        {s.addNew}
      </button>{' '}
      <button type="button" onClick={() => void run(() => api.del(`/knowledge/unanswered/${q.id}`))}>
        {s.dismiss}
      </button>
      {drafting && <NewArticleForm question={q.text} s={s} onCancel={() => setDrafting(false)} onSave={(a) => resolve({ newArticle: a })} />}
    </li>
  );
}

interface FormProps {
  question: string;
  s: UnansweredStrings;
  onCancel: () => void;
  onSave: (article: { question: string; answer: string }) => Promise<void>;
}

/** Prefilled with the customer's wording; the admin writes the answer. */
function NewArticleForm({ question: initial, s, onCancel, onSave }: FormProps) {
  const [question, setQuestion] = useState(initial);
  const [answer, setAnswer] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void onSave({ question, answer });
      }}
    >
      <label>
        {s.question}
        <input required value={question} onChange={(e) => setQuestion(e.target.value)} />
      </label>
      <label>
        {s.answer}
        <textarea required value={answer} onChange={(e) => setAnswer(e.target.value)} />
      </label>
      <button type="submit">{s.save}</button>{' '}
      <button type="button" onClick={onCancel}>
        {s.cancel}
      </button>
    </form>
  );
}
