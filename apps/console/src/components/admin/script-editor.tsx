import { useEffect, useRef, useState } from 'react';
import { api, ApiError, errorText } from '../../lib/api.ts';
import { time } from '../../lib/format.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { ScriptDetail, ScriptError } from '../../lib/types.ts';
import { ScriptSimulator } from './script-simulator.tsx';
import { draftText, outline, stepOffset } from './script-outline.ts';

const asErrors = (e: unknown): ScriptError[] =>
  e instanceof ApiError && Array.isArray(e.details) ? (e.details as ScriptError[]).filter((x) => typeof x?.message === 'string') : [];

/** One script: its draft as JSON beside an outline of its steps (with the server's errors at the step they name), publish, versions, simulate. */
export function ScriptEditor({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const [script, setScript] = useState<ScriptDetail | null>(null);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<ScriptError[]>([]);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [version, setVersion] = useState<{ version: number; text: string } | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);

  const load = () =>
    api.get<ScriptDetail>(`/scripts/${encodeURIComponent(id)}`).then(
      (s) => (setScript(s), setText(draftText(s.draft))),
      (e) => setNote({ ok: false, text: errorText(e) }),
    );
  useEffect(() => void load(), [id]);

  async function run(action: () => Promise<unknown>, done: string) {
    setNote(null);
    setErrors([]);
    try {
      await action();
      await load();
      onChanged();
      setNote({ ok: true, text: done });
    } catch (e) {
      const stepErrors = asErrors(e);
      setErrors(stepErrors);
      // Errors that name steps are shown at their steps; the note only counts them.
      setNote({ ok: false, text: stepErrors.length > 0 ? t('scriptHasErrors', { n: stepErrors.length }) : errorText(e) });
    }
  }
  const save = () => run(() => api.put(`/scripts/${encodeURIComponent(id)}`, JSON.parse(text)), t('draftSaved'));
  const publish = () => run(() => api.post(`/scripts/${encodeURIComponent(id)}/publish`), t('publishedNow'));
  const showVersion = (v: number) =>
    void api
      .get<{ definition: unknown }>(`/scripts/${encodeURIComponent(id)}/versions/${v}`)
      .then((r) => setVersion({ version: v, text: JSON.stringify(r.definition, null, 2) }));
  const goTo = (stepId: string) => {
    const at = stepOffset(text, stepId);
    if (at < 0 || !area.current) return;
    area.current.focus();
    area.current.setSelectionRange(at, at);
  };

  if (!script) return note ? <p className="error">{note.text}</p> : <p className="muted">{t('loading')}</p>;
  const view = outline(text, errors);
  return (
    <section className="card script-editor" aria-labelledby="script-title">
      <h2 id="script-title">
        {script.name ?? script.id}{' '}
        <span className="muted">· {script.publishedVersion === null ? t('unpublished') : t('versionN', { n: script.publishedVersion })}</span>
      </h2>
      <div className="script-grid">
        <label className="script-json">
          {t('scriptJson')}
          <textarea
            ref={area}
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={16}
            aria-invalid={view.parseError !== null || errors.length > 0}
          />
        </label>
        <div>
          <h3>{t('steps')}</h3>
          {view.parseError && (
            <p role="alert" className="error">
              {t('jsonInvalid', { why: view.parseError })}
            </p>
          )}
          <ol className="step-outline" data-testid="step-outline">
            {view.steps.map((s) => (
              <li key={s.id} className={s.errors.length ? 'has-error' : undefined} data-step={s.id}>
                <button type="button" className="link" onClick={() => goTo(s.id)}>
                  <code>{s.id}</code> <span className="muted">{s.type}</span>
                </button>
                {s.errors.map((e, i) => (
                  <p key={i} className="error">
                    {e.message}
                  </p>
                ))}
              </li>
            ))}
          </ol>
          {view.general.map((e, i) => (
            <p key={i} className="error">
              {e.message}
            </p>
          ))}
        </div>
      </div>
      {note && (
        <p role={note.ok ? 'status' : 'alert'} className={note.ok ? 'ok' : 'error'}>
          {note.text}
        </p>
      )}
      <div className="row">
        <button type="button" className="primary" disabled={view.parseError !== null} onClick={() => void save()}>
          {t('saveDraft')}
        </button>
        <button type="button" onClick={() => void publish()}>
          {t('publish')}
        </button>
      </div>
      <h3>{t('versions')}</h3>
      {script.versions.length === 0 ? (
        <p className="muted">{t('noVersions')}</p>
      ) : (
        <ul className="versions">
          {script.versions.map((v) => (
            <li key={v.version}>
              <button type="button" className="link" aria-pressed={version?.version === v.version} onClick={() => showVersion(v.version)}>
                {t('versionN', { n: v.version })}
              </button>{' '}
              <time dateTime={v.publishedAt} className="muted">
                {time(v.publishedAt, lang)}
              </time>
            </li>
          ))}
        </ul>
      )}
      {version && (
        <pre className="version-json" aria-label={t('versionN', { n: version.version })} tabIndex={0}>
          {version.text}
        </pre>
      )}
      <ScriptSimulator id={id} />
    </section>
  );
}
