import { useI18n } from '../../lib/i18n.ts';
import type { Channel, ScriptSummary } from '../../lib/types.ts';
import type { KeywordDraft } from './keyword-draft.ts';

interface Props {
  draft: KeywordDraft;
  setDraft: (d: KeywordDraft) => void;
  channels: Channel[];
  scripts: ScriptSummary[];
}

/** Every field of a keyword rule; the action's own fields appear under the action chosen. */
export function KeywordFields({ draft, setDraft, channels, scripts }: Props) {
  const { t } = useI18n();
  const set = (patch: Partial<KeywordDraft>) => setDraft({ ...draft, ...patch });
  return (
    <>
      <label>
        {t('channel')}
        <select value={draft.channelId} disabled={draft.id !== undefined} onChange={(e) => set({ channelId: e.target.value })}>
          <option value="">{t('allChannels')}</option>
          {channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('match')}
        <select value={draft.match} onChange={(e) => set({ match: e.target.value as KeywordDraft['match'] })}>
          <option value="exact">{t('match_exact')}</option>
          <option value="contains">{t('match_contains')}</option>
          <option value="regex">{t('match_regex')}</option>
        </select>
      </label>
      <label>
        {t('pattern')}
        <input required value={draft.pattern} onChange={(e) => set({ pattern: e.target.value })} />
      </label>
      <label>
        {t('replyText')}
        <textarea value={draft.reply} onChange={(e) => set({ reply: e.target.value })} />
      </label>
      <label>
        {t('action')}
        <select value={draft.actionType} onChange={(e) => set({ actionType: e.target.value as KeywordDraft['actionType'] })}>
          <option value="">–</option>
          <option value="handoff">{t('actionHandoff')}</option>
          <option value="start_script">{t('actionStartScriptLabel')}</option>
          <option value="close">{t('actionClose')}</option>
        </select>
      </label>
      {draft.actionType === 'handoff' && (
        <>
          <label>
            {t('requiredSkills')}
            <input value={draft.skills} placeholder={t('skillsHint')} onChange={(e) => set({ skills: e.target.value })} />
          </label>
          <label>
            {t('priority')}
            <input inputMode="numeric" pattern="-?[0-9]*" value={draft.priority} onChange={(e) => set({ priority: e.target.value })} />
          </label>
        </>
      )}
      {draft.actionType === 'start_script' && (
        <label>
          {t('script')}
          <select required value={draft.scriptId} onChange={(e) => set({ scriptId: e.target.value })}>
            <option value="">–</option>
            {scripts.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name ?? s.id}
                {s.publishedVersion === null ? ` (${t('unpublished')})` : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('orderField')}
        <input inputMode="numeric" pattern="[0-9]*" value={draft.position} onChange={(e) => set({ position: e.target.value })} />
      </label>
    </>
  );
}
