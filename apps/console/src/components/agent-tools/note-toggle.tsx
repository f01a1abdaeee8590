import { useI18n } from '../../lib/i18n.ts';

/** Switches the reply box between a reply to the customer and an internal note (staff only). */
export function NoteToggle({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  const { t } = useI18n();
  return (
    <label className="note-toggle">
      <input type="checkbox" id="note-toggle" checked={on} onChange={(e) => onChange(e.target.checked)} />
      {t('noteToggle')}
      {on && <span className="muted"> — {t('noteHint')}</span>}
    </label>
  );
}
