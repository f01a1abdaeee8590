import { useEffect, useRef, useState, type FormEvent } from 'react';
import { contactsApi, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { Contact } from '../../lib/types.ts';
import { AttributesEditor } from './attributes-editor.tsx';
import { ContactMerge } from './contact-merge.tsx';
import { contactName, IdentityList, type ChannelName } from './contact-parts.tsx';
import { contactPatch, toDraft } from './contact-patch.ts';

interface Props {
  id: string;
  channelName: ChannelName;
  /** After a save or a merge: the contact as it now is, and the id of the one merged away. */
  onChange: (contact: Contact, removedId?: string) => void;
}

/** One contact: its identities, name and attributes to edit, and another contact to merge into it. */
export function ContactEditor({ id, channelName, onChange }: Props) {
  const { t } = useI18n();
  const [contact, setContact] = useState<Contact | null>(null);
  const [error, setError] = useState<unknown>(null);
  // A merge changes the stored contact under the form: it starts again from the merged one.
  const [merges, setMerges] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => void contactsApi.get(id).then(setContact, setError), [id]);
  const loaded = contact !== null;
  // Opening a contact (from the list or a conversation's "Edit contact") brings its editor into view.
  useEffect(() => void (loaded && heading.current?.focus()), [loaded]);

  // A 404 here is a contact that is gone (merged away), not a missing feature: no ErrorNote.
  if (error)
    return (
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    );
  if (!contact) return <p className="muted">{t('loading')}</p>;
  const changed = (next: Contact, removedId?: string) => {
    setContact(next);
    onChange(next, removedId);
  };
  const merged = (next: Contact, removedId: string) => {
    changed(next, removedId);
    setMerges((n) => n + 1);
  };

  return (
    <section className="card" aria-labelledby="contact-editor-heading" data-testid="contact-editor">
      <div className="row">
        <h2 id="contact-editor-heading" ref={heading} tabIndex={-1}>
          {contactName(contact, t)}
        </h2>
        <code className="muted">{contact.id}</code>
        <a href="#/admin/contacts">{t('allContacts')}</a>
      </div>
      <h3>{t('identities')}</h3>
      <IdentityList contact={contact} channelName={channelName} />
      <ContactForm key={merges} contact={contact} onSaved={changed} />
      <ContactMerge contact={contact} channelName={channelName} onMerged={merged} />
    </section>
  );
}

function ContactForm({ contact, onSaved }: { contact: Contact; onSaved: (contact: Contact) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(() => toDraft(contact));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    const body = contactPatch(contact, draft);
    if (!body) return setMessage({ ok: true, text: t('nothingToSave') });
    try {
      const saved = await contactsApi.patch(contact.id, body);
      onSaved(saved);
      setDraft(toDraft(saved));
      setMessage({ ok: true, text: t('saved') });
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    }
  }

  return (
    <form className="form" onSubmit={save} aria-label={t('editContact')}>
      <label>
        {t('name')}
        <input value={draft.name} maxLength={200} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
      </label>
      <AttributesEditor rows={draft.attributes} onChange={(attributes) => setDraft({ ...draft, attributes })} />
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary">
          {t('save')}
        </button>
      </div>
    </form>
  );
}
