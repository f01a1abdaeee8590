import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { api, getToken } from '../../lib/api.ts';
import { duration, percent } from '../../lib/format.ts';
import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import { DataTable, type Column } from '../common/data-table.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { Chart } from './chart.tsx';
import { WhyButton } from './why-panel.tsx';

interface Figures {
  offered: number;
  handled: number;
  abandoned: number;
  abandonRate: number | null;
  serviceLevel: { thresholdSeconds: number; ratio: number | null };
  averageSpeedOfAnswerSeconds: number | null;
  averageFirstResponseSeconds: number | null;
  averageHandleSeconds: number | null;
  transfers: number;
  csat: { responses: number; average: number | null };
  conversations: string;
}
interface AgentRow {
  agentId: string;
  name: string | null;
  handled: number;
  averageHandleSeconds: number | null;
  averageFirstResponseSeconds: number | null;
  transfersIn: number;
  transfersOut: number;
  averageWrapUpSeconds: number | null;
  conversations: string;
}
interface Detail {
  conversationId: string;
  handoffAt: string;
  waitSeconds: number | null;
  withinTarget: boolean;
  abandoned: boolean;
  handleSeconds: number | null;
  transfers: number;
  csat: number | null;
  agents: string;
}
type Items<T> = { items: T[] };
type Granularity = 'hour' | 'day' | 'week' | 'month';

interface Data {
  summary: Figures & { averageWrapUpSeconds: number | null };
  series: Items<Figures & { bucket: string }>;
  hours: Items<Figures & { hour: number }>;
  agents: Items<AgentRow>;
  channels: Items<Figures & { channelId: string; name: string | null }>;
  queues: Items<Figures & { skills: string[] }>;
  tags: Items<Figures & { tagId: string; name: string | null }>;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
/** `/api/v1/reports/x?…` → the path the client adds `/api/v1` to. */
const local = (link: string) => link.replace(/^\/api\/v1/, '');

/** Fetches a table as CSV (the same URL, Accept: text/csv) and saves it. */
async function downloadCsv(path: string, name: string) {
  const res = await fetch(`/api/v1${path}`, { headers: { authorization: `Bearer ${getToken() ?? ''}`, accept: 'text/csv' } });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Reports over any period (issue #16): charts, every table with CSV export, every count opening the conversations it counts. */
export default function ReportsPage() {
  const { t } = useI18n();
  const today = new Date();
  const [from, setFrom] = useState(day(new Date(today.getTime() - 6 * 86_400_000)));
  const [to, setTo] = useState(day(new Date(today.getTime() + 86_400_000)));
  const [granularity, setGranularity] = useState<Granularity>('day');
  const [period, setPeriod] = useState({ from, to, granularity });
  const [data, setData] = useState<Data>();
  const [error, setError] = useState<unknown>();
  const [detail, setDetail] = useState<{ title: string; link: string }>();

  const q = `from=${period.from}&to=${period.to}`;
  useEffect(() => {
    const get = <T,>(path: string) => api.get<T>(path);
    Promise.all([
      get<Data['summary']>(`/reports/summary?${q}`),
      get<Data['series']>(`/reports/series?${q}&granularity=${period.granularity}`),
      get<Data['hours']>(`/reports/hours?${q}`),
      get<Data['agents']>(`/reports/agents?${q}`),
      get<Data['channels']>(`/reports/channels?${q}`),
      get<Data['queues']>(`/reports/queues?${q}`),
      get<Data['tags']>(`/reports/tags?${q}`),
    ]).then(([summary, series, hours, agents, channels, queues, tags]) => {
      setData({ summary, series, hours, agents, channels, queues, tags });
      setError(undefined);
    }, setError);
  }, [q, period.granularity]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDetail(undefined);
    setPeriod({ from, to, granularity });
  };
  const names = useMemo(() => Object.fromEntries((data?.agents.items ?? []).map((a) => [a.agentId, a.name ?? a.agentId])), [data]);
  const open = (title: string, link: string) => setDetail({ title, link });
  const count = (n: number, title: string, link: string) =>
    n === 0 ? (
      '0'
    ) : (
      <button type="button" className="link-button" aria-label={t('showConversations', { n })} onClick={() => open(title, link)}>
        {n}
      </button>
    );
  const figureColumns = <T extends Figures>(name: (r: T) => string): Array<Column<T>> => [
    { header: t('offered'), cell: (r) => count(r.offered, name(r), r.conversations) },
    { header: t('handledN'), cell: (r) => count(r.handled, name(r), `${r.conversations}&outcome=handled`) },
    { header: t('abandonment'), cell: (r) => count(r.abandoned, name(r), `${r.conversations}&outcome=abandoned`) },
    { header: t('serviceLevel'), cell: (r) => percent(r.serviceLevel.ratio) },
    { header: t('asa'), cell: (r) => duration(r.averageSpeedOfAnswerSeconds) },
    { header: t('firstResponse'), cell: (r) => duration(r.averageFirstResponseSeconds) },
    { header: t('handleTime'), cell: (r) => duration(r.averageHandleSeconds) },
    { header: t('transfers'), cell: (r) => r.transfers },
    { header: t('csat'), cell: (r) => (r.csat.average === null ? '–' : `${r.csat.average} (${r.csat.responses})`) },
  ];
  const section = (title: MessageKey, table: string, csvPath: string, body: ReactNode) => (
    <section className="card" aria-labelledby={`r-${table}`}>
      <div className="section-head">
        <h2 id={`r-${table}`}>{t(title)}</h2>
        <button type="button" onClick={() => void downloadCsv(csvPath, table)} aria-label={t('exportCsvOf', { table: t(title) })}>
          {t('exportCsv')}
        </button>
      </div>
      <div className="table-scroll" tabIndex={0} role="group" aria-label={t(title)}>
        {body}
      </div>
    </section>
  );

  return (
    <div className="reports" data-testid="reports-page">
      <h1>{t('reportsTitle')}</h1>
      <form className="card report-controls" onSubmit={submit}>
        <label>
          {t('periodFrom')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('periodTo')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {t('granularity')}{' '}
          <select value={granularity} onChange={(e) => setGranularity(e.target.value as Granularity)}>
            <option value="hour">{t('granHour')}</option>
            <option value="day">{t('granDay')}</option>
            <option value="week">{t('granWeek')}</option>
            <option value="month">{t('granMonth')}</option>
          </select>
        </label>
        <button type="submit">{t('showReport')}</button>
      </form>
      <ErrorNote error={error} />
      {data && (
        <>
          <section className="card" aria-labelledby="r-summary">
            <div className="section-head">
              <h2 id="r-summary">{t('reportsTitle')}</h2>
              <button type="button" onClick={() => void downloadCsv(`/reports/summary?${q}`, 'summary')} aria-label={t('exportCsvOf', { table: t('reportsTitle') })}>
                {t('exportCsv')}
              </button>
            </div>
            <dl className="tiles">
              {(
                [
                  ['offered', count(data.summary.offered, t('offered'), data.summary.conversations)],
                  ['handledN', count(data.summary.handled, t('handledN'), `${data.summary.conversations}&outcome=handled`)],
                  ['serviceLevel', percent(data.summary.serviceLevel.ratio)],
                  ['asa', duration(data.summary.averageSpeedOfAnswerSeconds)],
                  ['abandonment', `${data.summary.abandoned} (${percent(data.summary.abandonRate)})`],
                  ['firstResponse', duration(data.summary.averageFirstResponseSeconds)],
                  ['handleTime', duration(data.summary.averageHandleSeconds)],
                  ['wrapUpTime', duration(data.summary.averageWrapUpSeconds)],
                  ['csat', data.summary.csat.average ?? '–'],
                ] as Array<[MessageKey, ReactNode]>
              ).map(([k, v]) => (
                <div key={k} className="tile">
                  <dt>{t(k)}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          </section>
          {data.summary.offered === 0 && <p className="note">{t('noData')}</p>}
          {section('overTime', `series-${period.granularity}`, `/reports/series?${q}&granularity=${period.granularity}`, (
            <>
              <Chart
                label={t('chartOffered')}
                labels={data.series.items.map((i) => i.bucket)}
                series={[
                  { label: t('offered'), values: data.series.items.map((i) => i.offered), color: '#2563eb', bars: true },
                  { label: t('handledN'), values: data.series.items.map((i) => i.handled), color: '#15803d' },
                  { label: t('serviceLevel'), values: data.series.items.map((i) => i.serviceLevel.ratio), color: '#b45309', ratio: true },
                ]}
              />
              <DataTable items={data.series.items} rowKey={(i) => i.bucket} columns={[{ header: t('granularity'), cell: (i) => i.bucket, rowHeader: true }, ...figureColumns<Data['series']['items'][number]>((i) => i.bucket)]} />
            </>
          ))}
          {section('byHour', 'hours', `/reports/hours?${q}`, (
            <>
              <Chart label={t('chartHours')} labels={data.hours.items.map((h) => String(h.hour))} series={[{ label: t('offered'), values: data.hours.items.map((h) => h.offered), color: '#2563eb', bars: true }]} height={180} />
              <DataTable
                items={data.hours.items.filter((h) => h.offered + h.handled > 0)}
                rowKey={(h) => String(h.hour)}
                columns={[{ header: t('byHour'), cell: (h) => t('hourN', { h: h.hour }), rowHeader: true }, ...figureColumns<Data['hours']['items'][number]>((h) => t('hourN', { h: h.hour }))]}
              />
            </>
          ))}
          {section('byAgent', 'agents', `/reports/agents?${q}`, (
            <DataTable
              items={data.agents.items}
              rowKey={(a) => a.agentId}
              columns={[
                { header: t('byAgent'), cell: (a) => a.name ?? a.agentId, rowHeader: true },
                { header: t('handledN'), cell: (a) => count(a.handled, a.name ?? a.agentId, `${a.conversations}&outcome=handled`) },
                { header: t('handleTime'), cell: (a) => duration(a.averageHandleSeconds) },
                { header: t('wrapUpTime'), cell: (a) => duration(a.averageWrapUpSeconds) },
                { header: t('firstResponse'), cell: (a) => duration(a.averageFirstResponseSeconds) },
                { header: t('transfersIn'), cell: (a) => a.transfersIn },
                { header: t('transfersOut'), cell: (a) => a.transfersOut },
              ]}
            />
          ))}
          {section('byChannel', 'channels', `/reports/channels?${q}`, (
            <DataTable items={data.channels.items} rowKey={(c) => c.channelId} columns={[{ header: t('byChannel'), cell: (c) => c.name ?? c.channelId, rowHeader: true }, ...figureColumns<Data['channels']['items'][number]>((c) => c.name ?? c.channelId)]} />
          ))}
          {section('byQueue', 'queues', `/reports/queues?${q}`, (
            <DataTable
              items={data.queues.items}
              rowKey={(r) => r.skills.join(',')}
              columns={[{ header: t('byQueue'), cell: (r) => r.skills.join(' + ') || t('queueAny'), rowHeader: true }, ...figureColumns<Data['queues']['items'][number]>((r) => r.skills.join(' + ') || t('queueAny'))]}
            />
          ))}
          {section('byTag', 'tags', `/reports/tags?${q}`, (
            <DataTable items={data.tags.items} rowKey={(r) => r.tagId} empty={<p className="muted">{t('none')}</p>} columns={[{ header: t('byTag'), cell: (r) => r.name ?? r.tagId, rowHeader: true }, ...figureColumns<Data['tags']['items'][number]>((r) => r.name ?? r.tagId)]} />
          ))}
        </>
      )}
      {detail && <DetailLog title={detail.title} link={detail.link} names={names} />}
    </div>
  );
}

/** The conversations a cell counts: the detail log (GET /reports/conversations), each with its "Why?". */
function DetailLog({ title, link, names }: { title: string; link: string; names: Record<string, string> }) {
  const { t, lang } = useI18n();
  const [data, setData] = useState<Items<Detail>>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setData(undefined);
    api.get<Items<Detail>>(local(link)).then(setData, setError);
  }, [link]);
  return (
    <section className="card" aria-labelledby="r-detail" data-testid="detail-log">
      <div className="section-head">
        <h2 id="r-detail" tabIndex={-1}>
          {t('detailOf', { cell: title })}
        </h2>
        <button type="button" onClick={() => void downloadCsv(local(link), 'conversations')} aria-label={t('exportCsvOf', { table: t('detailLog') })}>
          {t('exportCsv')}
        </button>
      </div>
      <ErrorNote error={error} />
      <div className="table-scroll" tabIndex={0} role="group" aria-label={t('detailLog')}>
        {data && (
          <DataTable
            items={data.items}
            rowKey={(d) => d.conversationId}
            columns={[
              { header: t('handoffAt'), cell: (d) => new Date(d.handoffAt).toLocaleString(lang), rowHeader: true },
              { header: t('waitS'), cell: (d) => (d.abandoned ? t('abandonment') : duration(d.waitSeconds)) },
              { header: t('handleTime'), cell: (d) => duration(d.handleSeconds) },
              { header: t('byAgent'), cell: (d) => d.agents.split(' ').filter(Boolean).map((a) => names[a] ?? a).join(', ') || '–' },
              { header: t('transfers'), cell: (d) => d.transfers },
              { header: <span className="sr-only">{t('open')}</span>, cell: (d) => <a href={`#/history/${d.conversationId}`}>{t('open')}</a> },
              { header: <span className="sr-only">{t('why')}</span>, cell: (d) => <WhyButton conversationId={d.conversationId} names={names} /> },
            ]}
          />
        )}
      </div>
    </section>
  );
}
