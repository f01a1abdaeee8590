import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import type { Presence } from '../../lib/types.ts';

const REASONS = ['break', 'meal', 'training'];

interface Props {
  label: string;
  presence: Presence;
  reason: string | null;
  onChange: (presence: Presence, reason?: string) => void;
  testId?: string;
}

/** Presence plus, when away, its reason. Used by agents for themselves and by supervisors for anyone. */
export function PresenceSelect({ label, presence, reason, onChange, testId }: Props) {
  const { t } = useI18n();
  const reasons = reason && !REASONS.includes(reason) ? [...REASONS, reason] : REASONS;
  return (
    <span className="presence-select">
      <select
        aria-label={label}
        data-testid={testId}
        value={presence}
        onChange={(e) => onChange(e.target.value as Presence, e.target.value === 'away' ? 'break' : undefined)}
      >
        <option value="ready">{t('ready')}</option>
        <option value="away">{t('away')}</option>
        <option value="offline">{t('offline')}</option>
      </select>
      {presence === 'away' && (
        <select aria-label={t('awayReason')} value={reason ?? 'break'} onChange={(e) => onChange('away', e.target.value)}>
          {reasons.map((r) => (
            <option key={r} value={r}>
              {reasonLabel(t, r)}
            </option>
          ))}
        </select>
      )}
    </span>
  );
}

export function reasonLabel(t: (k: MessageKey) => string, reason: string) {
  const key = `reason_${reason}` as MessageKey;
  return ['break', 'meal', 'training', 'missed'].includes(reason) ? t(key) : reason;
}
