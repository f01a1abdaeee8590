import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { DataTable } from '../common/data-table.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { splitList, useCrud } from './use-crud.ts';

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  ratePerMinute: number;
}

interface Webhook {
  id: string;
  url: string;
  events: string[];
  includePrivate: boolean;
}

interface Delivery {
  id: string;
  event: { type: string; cursor: number };
  status: string;
  attempts: number;
  log: Array<{ statusCode: number | null; error: string | null }>;
}

const SCOPES = ['inbound', 'read', 'write'] as const;

/** A table that scrolls sideways on a phone rather than cutting its last column off. */
function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A value shown once (an API key, a webhook secret): selectable text the admin copies now. */
function ShownOnce({ label, value, testId }: { label: string; value: string | null; testId: string }) {
  if (!value) return null;
  return (
    <p className="card" role="status">
      {label}{' '}
      <code className="secret" data-testid={testId}>
        {value}
      </code>
    </p>
  );
}

function ApiKeys() {
  const { t } = useI18n();
  const crud = useCrud<ApiKey>('/api-keys');
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['inbound']);
  const [shown, setShown] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    let key: string | null = null;
    const ok = await crud.run(async () => (key = (await api.post<{ key: string }>('/api-keys', { name, scopes })).key));
    if (!ok) return;
    setShown(key);
    setOpen(false);
    setName('');
  }

  return (
    <section aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">{t('apiKeys')}</h2>
      <ErrorNote error={crud.loadError} />
      <Scroll label={t('apiKeys')}>
        <DataTable
          items={crud.items}
          rowKey={(k) => k.id}
          empty={<p>{t('secNoneYet')}</p>}
          columns={[
            { header: t('apiKeyName'), cell: (k) => k.name, rowHeader: true },
            { header: t('apiKeyPrefix'), cell: (k) => <code>{k.prefix}…</code> },
            { header: t('apiKeyScopes'), cell: (k) => k.scopes.join(', ') },
            { header: t('apiKeyRate'), cell: (k) => k.ratePerMinute },
            {
              header: <span className="sr-only">{t('delete')}</span>,
              cell: (k) => (
                <button type="button" className="danger" onClick={() => confirm(t('deleteConfirm')) && void crud.remove(k.id)}>
                  {t('delete')} <span className="sr-only">{k.name}</span>
                </button>
              ),
            },
          ]}
        />
      </Scroll>
      <ShownOnce label={t('apiKeyShownOnce')} value={shown} testId="api-key-shown" />
      <button type="button" className="primary" onClick={() => (setOpen(true), setShown(null))}>
        {t('newApiKey')}
      </button>
      {open && (
        <form className="card form" onSubmit={submit} aria-label={t('newApiKey')}>
          <label>
            {t('apiKeyName')}
            <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <fieldset>
            <legend>{t('apiKeyScopes')}</legend>
            {SCOPES.map((s) => (
              <label key={s} className="inline">
                <input
                  type="checkbox"
                  checked={scopes.includes(s)}
                  onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
                />
                {s}
              </label>
            ))}
          </fieldset>
          {crud.error && (
            <p role="alert" className="error">
              {crud.error}
            </p>
          )}
          <button type="submit" className="primary" disabled={scopes.length === 0}>
            {t('createApiKey')}
          </button>
        </form>
      )}
    </section>
  );
}

function Deliveries({ webhook }: { webhook: Webhook }) {
  const { t } = useI18n();
  const list = useCrud<Delivery>(`/webhooks/${webhook.id}/deliveries`);
  const last = (d: Delivery) => {
    const a = d.log.at(-1);
    return a ? (a.error ?? String(a.statusCode)) : '';
  };
  return (
    <section aria-labelledby="deliveries-title">
      <h3 id="deliveries-title">{t('deliveriesOf', { url: webhook.url })}</h3>
      <ErrorNote error={list.loadError} />
      <DataTable
        items={list.items}
        rowKey={(d) => d.id}
        empty={<p>{t('noDeliveries')}</p>}
        columns={[
          { header: t('deliveryEvent'), cell: (d) => d.event.type, rowHeader: true },
          { header: t('deliveryStatus'), cell: (d) => d.status },
          { header: t('deliveryAttempts'), cell: (d) => d.attempts },
          { header: t('deliveryLast'), cell: last },
        ]}
      />
    </section>
  );
}

function Webhooks() {
  const { t } = useI18n();
  const crud = useCrud<Webhook>('/webhooks');
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('');
  const [includePrivate, setIncludePrivate] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const [watching, setWatching] = useState<Webhook | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    let secret: string | null = null;
    const body = { url, events: splitList(events), includePrivate };
    const ok = await crud.run(async () => (secret = (await api.post<{ secret: string }>('/webhooks', body)).secret));
    if (!ok) return;
    setShown(secret);
    setOpen(false);
    setUrl('');
    setEvents('');
    setIncludePrivate(false);
  }

  return (
    <section aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">{t('webhooks')}</h2>
      <ErrorNote error={crud.loadError} />
      <Scroll label={t('webhooks')}>
        <DataTable
          items={crud.items}
          rowKey={(w) => w.id}
          empty={<p>{t('secNoneYet')}</p>}
          columns={[
            { header: t('webhookUrl'), cell: (w) => <code>{w.url}</code>, rowHeader: true },
            { header: t('webhookEventsShort'), cell: (w) => w.events.join(', ') },
            { header: t('webhookIncludePrivate'), cell: (w) => (w.includePrivate ? t('secYes') : t('secNo')) },
            {
              header: <span className="sr-only">{t('edit')}</span>,
              className: 'row',
              cell: (w) => (
                <>
                  <button type="button" onClick={() => setWatching(w)}>
                    {t('webhookDeliveries')} <span className="sr-only">{w.url}</span>
                  </button>
                  <button type="button" className="danger" onClick={() => confirm(t('deleteConfirm')) && void crud.remove(w.id).then(() => setWatching(null))}>
                    {t('delete')} <span className="sr-only">{w.url}</span>
                  </button>
                </>
              ),
            },
          ]}
        />
      </Scroll>
      <ShownOnce label={t('webhookSecretShownOnce')} value={shown} testId="webhook-secret-shown" />
      <button type="button" className="primary" onClick={() => (setOpen(true), setShown(null))}>
        {t('newWebhook')}
      </button>
      {open && (
        <form className="card form" onSubmit={submit} aria-label={t('newWebhook')}>
          <label>
            {t('webhookUrl')}
            <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
          </label>
          <label>
            {t('webhookEvents')}
            <input required value={events} onChange={(e) => setEvents(e.target.value)} />
          </label>
          <label className="inline">
            <input type="checkbox" checked={includePrivate} onChange={(e) => setIncludePrivate(e.target.checked)} />
            {t('webhookIncludePrivate')}
          </label>
          {crud.error && (
            <p role="alert" className="error">
              {crud.error}
            </p>
          )}
          <button type="submit" className="primary">
            {t('createWebhook')}
          </button>
        </form>
      )}
      {watching && <Deliveries key={watching.id} webhook={watching} />}
    </section>
  );
}

/** Admin → Integrations: API keys (SPEC §7) and outbound webhooks (SPEC §5), each secret shown once. */
export function IntegrationsAdmin() {
  return (
    <>
      <ApiKeys />
      <Webhooks />
    </>
  );
}
