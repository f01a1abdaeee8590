import { useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../../lib/i18n.ts';
import { ErrorNote } from './error-note.tsx';

export interface Column<T> {
  /** Content of the column's `<th scope="col">`. */
  header: ReactNode;
  cell: (item: T) => ReactNode;
  /** The cell names its row: `<th scope="row">` instead of `<td>`. */
  rowHeader?: boolean;
  className?: string;
}

/**
 * A table with one row per item; `empty`, when given, stands in for a table with no rows. With `scrollLabel` the
 * table sits in a box of its own that scrolls sideways when the table is wider than the page (a phone), focusable
 * so the keyboard can scroll it too, named for screen readers.
 */
export function DataTable<T>(props: { items: T[]; columns: Column<T>[]; rowKey: (item: T) => string; empty?: ReactNode; scrollLabel?: string }) {
  if (props.empty !== undefined && props.items.length === 0) return props.empty;
  if (props.scrollLabel === undefined) return <Table {...props} />;
  return (
    <div className="table-scroll" tabIndex={0} role="group" aria-label={props.scrollLabel}>
      <Table {...props} />
    </div>
  );
}

function Table<T>({ items, columns, rowKey }: { items: T[]; columns: Column<T>[]; rowKey: (item: T) => string }) {
  return (
    <table>
      <thead>
        <tr>
          {columns.map((col, i) => (
            <th key={i} scope="col">
              {col.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={rowKey(item)}>
            {columns.map((col, i) =>
              col.rowHeader ? (
                <th key={i} scope="row" className={col.className}>
                  {col.cell(item)}
                </th>
              ) : (
                <td key={i} className={col.className}>
                  {col.cell(item)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What CrudSection needs of useCrud (admin/use-crud.ts). */
interface CrudList<T> {
  items: T[];
  loadError: unknown;
  error: string | null;
  remove: (id: string) => Promise<boolean>;
}

interface CrudSectionProps<T extends { id: string }, D extends { id?: string }> {
  crud: CrudList<T>;
  columns: Column<T>[];
  /** Text of the button that opens an empty form. */
  newLabel: string;
  newDisabled?: boolean;
  empty: D;
  toDraft: (item: T) => D;
  /** Read after "Edit" by screen readers, to tell the rows' buttons apart. */
  editName?: (item: T) => string;
  /** Each row also gets a "Delete" button (after a confirm). */
  removable?: boolean;
  formLabel: (draft: D) => string;
  /** Resolves true when stored; the form then closes. */
  save: (draft: D) => Promise<boolean>;
  fields: (draft: D, setDraft: (draft: D) => void) => ReactNode;
}

/** An admin collection: its table with an edit column, a "new" button, and the edit form around the page's fields. */
export function CrudSection<T extends { id: string }, D extends { id?: string }>(props: CrudSectionProps<T, D>) {
  const { crud, toDraft, editName, removable } = props;
  const { t } = useI18n();
  const [draft, setDraft] = useState<D | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    if (await props.save(draft)) setDraft(null);
  }

  const editColumn: Column<T> = {
    header: <span className="sr-only">{t('edit')}</span>,
    className: removable ? 'row' : undefined,
    cell: (item) => (
      <>
        <button type="button" onClick={() => setDraft(toDraft(item))}>
          {t('edit')}
          {editName && (
            <>
              {' '}
              <span className="sr-only">{editName(item)}</span>
            </>
          )}
        </button>
        {removable && (
          <button type="button" className="danger" onClick={() => confirm(t('deleteConfirm')) && void crud.remove(item.id)}>
            {t('delete')}
          </button>
        )}
      </>
    ),
  };

  return (
    <section>
      <ErrorNote error={crud.loadError} />
      <DataTable items={crud.items} columns={[...props.columns, editColumn]} rowKey={(item) => item.id} />
      <button type="button" className="primary" onClick={() => setDraft(props.empty)} disabled={props.newDisabled}>
        {props.newLabel}
      </button>
      {draft && (
        <form className="card form" onSubmit={submit} aria-label={props.formLabel(draft)}>
          {props.fields(draft, setDraft)}
          {crud.error && (
            <p role="alert" className="error">
              {crud.error}
            </p>
          )}
          <div className="row">
            <button type="submit" className="primary">
              {draft.id ? t('save') : t('create')}
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
