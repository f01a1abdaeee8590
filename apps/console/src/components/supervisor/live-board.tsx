import { api } from '../../lib/api.ts';
import { duration, percent } from '../../lib/format.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { StreamFrame } from '../../lib/types.ts';
import { useLiveQuery } from '../../state/use-live-query.ts';
import { useSecondsSince } from '../console/conversation-card.tsx';
import { DataTable } from '../common/data-table.tsx';
import { WhyButton } from '../reports/why-panel.tsx';

interface Window {
  offered: number;
  handled: number;
  abandoned: number;
  abandonRate: number | null;
  serviceLevel: number | null;
  averageSpeedOfAnswerSeconds: number | null;
}
interface Row {
  waiting: number;
  longestWaitSeconds: number | null;
  oldestConversationId: string | null;
  today: Window;
  last30: Window;
  belowTarget: boolean;
}
type States = Record<'ready' | 'busy' | 'away' | 'offline', number>;
interface Board {
  at: string;
  serviceLevelSeconds: number;
  serviceLevelTarget: number;
  queues: Array<Row & { skills: string[]; agents: States }>;
  channels: Array<Row & { channelId: string; name: string | null }>;
  agents: Array<{ id: string; name: string; state: keyof States; since: string | null; load: number; capacity: number; occupancyToday: number | null }>;
  agentStates: States;
  occupancyNow: number | null;
  alerts: Array<{ scope: 'queue' | 'channel'; id: string; window: 'today' | 'last30'; serviceLevel: number; target: number }>;
}

/** Frames after which the board is read again: routing and presence (the stream, never a timer). */
const affects = (f: StreamFrame) => f.type.startsWith('conversation.') || f.type === 'agent.presence_changed';

/** The supervisor's live board (GET /reports/live): queues and channels against the service-level target, agents by state. */
export function LiveBoard() {
  const { t } = useI18n();
  const { data } = useLiveQuery('live-board', () => api.get<Board>('/reports/live'), affects, 300);
  if (!data) return null;
  const names = Object.fromEntries(data.agents.map((a) => [a.id, a.name]));
  const queueName = (skills: string[]) => (skills.length ? skills.join(' + ') : t('queueAny'));
  const alertNames = [
    ...new Set(
      data.alerts.map((a) => (a.scope === 'queue' ? queueName(a.id ? a.id.split(',') : []) : (data.channels.find((c) => c.channelId === a.id)?.name ?? a.id))),
    ),
  ];
  const sl = (w: Window) => (
    <span className={w.serviceLevel !== null && w.serviceLevel < data.serviceLevelTarget ? 'sl-below' : undefined}>{percent(w.serviceLevel)}</span>
  );
  const common = <T extends Row>() => [
    { header: t('waitingNow'), cell: (r: T) => r.waiting },
    { header: t('longestWait'), cell: (r: T) => <Ticking seconds={r.longestWaitSeconds} at={data.at} /> },
    { header: `${t('slToday')} (${t('slTarget', { target: percent(data.serviceLevelTarget) })})`, cell: (r: T) => sl(r.today) },
    { header: t('slLast30'), cell: (r: T) => sl(r.last30) },
    { header: t('asa'), cell: (r: T) => duration(r.today.averageSpeedOfAnswerSeconds) },
    { header: t('abandonment'), cell: (r: T) => `${r.today.abandoned} (${percent(r.today.abandonRate)})` },
    {
      header: <span className="sr-only">{t('why')}</span>,
      cell: (r: T) => (r.oldestConversationId ? <WhyButton conversationId={r.oldestConversationId} names={names} /> : null),
    },
  ];
  return (
    <section className="card live-board" aria-labelledby="board-title" data-testid="live-board">
      <h2 id="board-title">{t('liveBoard')}</h2>
      {alertNames.length > 0 && (
        <p className="board-alert" role="alert">
          {t('slAlert', { target: percent(data.serviceLevelTarget), names: alertNames.join(', ') })}
        </p>
      )}
      <h3>{t('boardQueues')}</h3>
      <DataTable
        scrollLabel={t('boardQueues')}
        items={data.queues}
        rowKey={(q) => q.skills.join(',')}
        columns={[
          { header: t('boardQueues'), cell: (q) => queueName(q.skills), rowHeader: true },
          ...common<Board['queues'][number]>(),
          { header: t('boardAgents'), cell: (q) => `${q.agents.ready} / ${q.agents.busy} / ${q.agents.away}` },
        ]}
      />
      <h3>{t('boardChannels')}</h3>
      <DataTable
        scrollLabel={t('boardChannels')}
        items={data.channels}
        rowKey={(c) => c.channelId}
        columns={[{ header: t('boardChannels'), cell: (c) => c.name ?? c.channelId, rowHeader: true }, ...common<Board['channels'][number]>()]}
      />
      <h3>{t('boardAgents')}</h3>
      <dl className="tiles">
        {(['ready', 'busy', 'away', 'offline'] as const).map((s) => (
          <div key={s} className="tile">
            <dt>{t(s === 'ready' ? 'agentsReady' : s === 'busy' ? 'agentsBusy' : s === 'away' ? 'agentsAway' : 'agentsOffline')}</dt>
            <dd>{data.agentStates[s]}</dd>
          </div>
        ))}
        <div className="tile">
          <dt>{t('occupancyNow')}</dt>
          <dd>{percent(data.occupancyNow)}</dd>
        </div>
      </dl>
      <DataTable
        scrollLabel={t('boardAgents')}
        items={data.agents}
        rowKey={(a) => a.id}
        columns={[
          { header: t('boardAgents'), cell: (a) => a.name, rowHeader: true },
          {
            header: t('status'),
            cell: (a) => t(a.state === 'ready' ? 'agentsReady' : a.state === 'busy' ? 'agentsBusy' : a.state === 'away' ? 'agentsAway' : 'agentsOffline'),
          },
          { header: t('timeInState'), cell: (a) => <SinceIso iso={a.since} /> },
          { header: t('load'), cell: (a) => `${a.load}/${a.capacity}` },
          { header: t('occupancy'), cell: (a) => percent(a.occupancyToday) },
        ]}
      />
    </section>
  );
}

/** A wait that keeps counting between frames: the server's figure plus the time since it answered. */
function Ticking({ seconds, at }: { seconds: number | null; at: string }) {
  const since = useSecondsSince(at, 1000);
  return <>{seconds === null ? '–' : duration(seconds + (since ?? 0))}</>;
}

function SinceIso({ iso }: { iso: string | null }) {
  return <>{duration(useSecondsSince(iso, 1000))}</>;
}
