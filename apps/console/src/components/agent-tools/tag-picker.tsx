import { useEffect, useState, type FormEvent } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';

export interface Tag {
  id: string;
  name: string;
  color: string;
  archived: boolean;
}

/** The workspace's tag list (GET /tags), loaded once per view. */
export function useTags() {
  const [tags, setTags] = useState<{ items: Tag[]; requiredAtClose: boolean } | null>(null);
  useEffect(() => {
    api
      .get<{ items: Tag[]; requiredAtClose: boolean }>('/tags')
      .then(setTags)
      .catch(() => setTags({ items: [], requiredAtClose: false }));
  }, []);
  return tags;
}

/**
 * Closing with service-reason tags: the workspace's tags as checkboxes (the
 * same on every channel), then close. Shown instead of the plain confirm
 * when the workspace keeps a tag list.
 */
export function TagPicker({
  tags,
  required,
  onClose,
  onCancel,
}: {
  tags: Tag[];
  required: boolean;
  onClose: (ids: string[]) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (required && chosen.length === 0) return setError(t('tagsRequired'));
    try {
      await onClose(chosen);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <form className="tag-picker" onSubmit={submit} aria-labelledby="tag-picker-title">
      <fieldset>
        <legend id="tag-picker-title">{t('tagsAtClose')}</legend>
        {tags
          .filter((tag) => !tag.archived)
          .map((tag) => (
            <label key={tag.id} className="tag-choice">
              <input
                type="checkbox"
                checked={chosen.includes(tag.id)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, tag.id] : chosen.filter((id) => id !== tag.id))}
              />
              <span className="tag-swatch" style={{ background: tag.color }} aria-hidden="true" />
              {tag.name}
            </label>
          ))}
      </fieldset>
      <button type="submit" className="danger" id="close-with-tags">
        {t('closeWithTags')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

/** A conversation's tags as coloured chips. */
export function TagChips({ tags }: { tags: Array<{ id: string; name: string; color: string }> | undefined }) {
  if (!tags || tags.length === 0) return null;
  return (
    <ul className="tag-chips" data-testid="conversation-tags">
      {tags.map((tag) => (
        <li key={tag.id}>
          <span className="tag-swatch" style={{ background: tag.color }} aria-hidden="true" />
          {tag.name}
        </li>
      ))}
    </ul>
  );
}

/** A list filter by service-reason tag (history search); nothing when the workspace keeps no tags. */
export function TagFilter({ value, onChange }: { value: string; onChange: (tagId: string) => void }) {
  const { t } = useI18n();
  const tags = useTags();
  if (!tags || tags.items.length === 0) return null;
  return (
    <>
      <label htmlFor="history-tag">{t('tagFilter')}</label>
      <select id="history-tag" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('tagFilterAll')}</option>
        {tags.items.map((tag) => (
          <option key={tag.id} value={tag.id}>
            {tag.name}
          </option>
        ))}
      </select>
    </>
  );
}
