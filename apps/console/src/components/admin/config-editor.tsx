import { useI18n } from '../../lib/i18n.ts';

export interface ConfigRow {
  key: string;
  value: string;
  secret: boolean;
}

/** Mirrors the server's rule (apps/server/src/auth/secret-box.ts): these keys are sealed and never returned. */
export const isSecretKey = (key: string) => /secret|token|password|apikey|accesskey|smtpurl/i.test(key);

/** The credentials each channel type needs; shown as empty write-only fields. */
const SECRET_KEYS: Record<string, string[]> = {
  line: ['channelSecret', 'channelAccessToken'],
  telegram: ['botToken', 'secretToken'],
  whatsapp: ['accessToken', 'appSecret'],
  messenger: ['pageAccessToken', 'appSecret'],
  email: ['smtpUrl'],
};

export function ConfigEditor({ rows, type, onChange }: { rows: ConfigRow[]; type: string; onChange: (rows: ConfigRow[]) => void }) {
  const { t } = useI18n();
  const secretRows = [...rows.filter((r) => r.secret)];
  for (const key of SECRET_KEYS[type] ?? []) if (!secretRows.some((r) => r.key === key)) secretRows.push({ key, value: '', secret: true });
  const plainRows = rows.filter((r) => !r.secret);
  const all = [...plainRows, ...secretRows];
  const set = (i: number, patch: Partial<ConfigRow>) =>
    onChange(
      all.map((r, j) =>
        j === i
          ? {
              ...r,
              ...patch,
              secret: isSecretKey(patch.key ?? r.key) || r.secret,
            }
          : r,
      ),
    );

  return (
    <>
      <fieldset>
        <legend>{t('config')}</legend>
        {all.map((r, i) =>
          r.secret ? null : (
            <div className="row" key={i}>
              <input aria-label={t('key')} placeholder={t('key')} value={r.key} onChange={(e) => set(i, { key: e.target.value })} />
              <input aria-label={`${t('value')} ${r.key}`} placeholder={t('value')} value={r.value} onChange={(e) => set(i, { value: e.target.value })} />
            </div>
          ),
        )}
        <button type="button" onClick={() => onChange([...all, { key: '', value: '', secret: false }])}>
          {t('addField')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t('secrets')}</legend>
        <p className="hint">{t('secretHint')}</p>
        {all.map((r, i) =>
          r.secret ? (
            <label key={i}>
              {r.key}
              <input type="password" autoComplete="off" placeholder={t('secretSet')} value={r.value} onChange={(e) => set(i, { value: e.target.value })} />
            </label>
          ) : null,
        )}
      </fieldset>
    </>
  );
}
