import type { ReactNode } from 'react';
import { useI18n } from '../../lib/i18n.ts';

/**
 * An editable list of rows in a fieldset: each row's own fields, a Remove
 * button (named for screen readers by `name(row)`), and an Add button that
 * appends `blank`. Skills, contact attributes.
 */
export function RowsEditor<T>({
  legend,
  rows,
  onChange,
  blank,
  addLabel,
  name,
  fields,
}: {
  legend: string;
  rows: T[];
  onChange: (rows: T[]) => void;
  blank: T;
  addLabel: string;
  name: (row: T) => string;
  fields: (row: T, i: number, set: (patch: Partial<T>) => void) => ReactNode;
}) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<T>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset>
      <legend>{legend}</legend>
      {rows.map((r, i) => (
        <div className="row" key={i}>
          {fields(r, i, (patch) => set(i, patch))}
          <button type="button" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            {t('remove')} <span className="sr-only">{name(r)}</span>
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, blank])}>
        {addLabel}
      </button>
    </fieldset>
  );
}
