import { errorText, isMissing } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';

/** Shows a failed request; a 404 from a feature still being built reads as "not available yet". */
export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p role="alert" className={isMissing(error) ? 'note' : 'error'}>
      {isMissing(error) ? t('notAvailable') : errorText(error)}
    </p>
  );
}
