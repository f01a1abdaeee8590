import { useState, type FormEvent } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { ReplyWindow } from './reply-window-notice.tsx';

type Template = ReplyWindow['templates'][number];

const filled = (body: string, values: string[]) => body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => values[Number(n) - 1] || whole);

/** Pick an approved WhatsApp template, fill its parameters, see what the customer will read, send. */
export function TemplateForm({ conversationId, templates, onSent }: { conversationId: string; templates: Template[]; onSent: () => void }) {
  const { t } = useI18n();
  const [templateId, setTemplateId] = useState(templates[0]!.id);
  const [values, setValues] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const template = templates.find((x) => x.id === templateId) ?? templates[0]!;
  const complete = template.parameters.every((_, i) => (values[i] ?? '').trim() !== '');

  async function send(e: FormEvent) {
    e.preventDefault();
    if (!complete || busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/conversations/${conversationId}/template-messages`, { templateId: template.id, parameters: template.parameters.map((_, i) => values[i]!.trim()) });
      setValues([]);
      onSent();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="template-form" onSubmit={send}>
      <label>
        {t('template')}
        <select
          value={template.id}
          onChange={(e) => {
            setTemplateId(e.target.value);
            setValues([]);
          }}
        >
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name} ({x.language})
            </option>
          ))}
        </select>
      </label>
      {template.parameters.map((p, i) => (
        <label key={`${template.id}-${i}`}>
          {t('templateParameter', { name: p.name })}
          <input value={values[i] ?? ''} placeholder={p.example ?? ''} onChange={(e) => setValues((v) => Object.assign([...v], { [i]: e.target.value }))} />
        </label>
      ))}
      <p className="template-preview">
        <span className="muted">{t('templatePreview')}: </span>
        <span data-testid="template-preview">{filled(template.body, values)}</span>
      </p>
      <button type="submit" className="primary" disabled={busy || !complete}>
        {t('sendTemplate')}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
