import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import { CompareChart } from './compare-chart.tsx';
import type { Figures, SimulationResult } from './what-if-types.ts';

const ROWS: Array<{ key: keyof Figures; label: MessageKey; percent?: boolean }> = [
  { key: 'conversations', label: 'whatIfConversations' },
  { key: 'handled', label: 'whatIfHandled' },
  { key: 'abandoned', label: 'whatIfAbandoned' },
  { key: 'meanWaitSeconds', label: 'whatIfMeanWait' },
  { key: 'p50WaitSeconds', label: 'whatIfP50' },
  { key: 'p90WaitSeconds', label: 'whatIfP90' },
  { key: 'serviceLevel', label: 'whatIfServiceLevel', percent: true },
  { key: 'abandonRate', label: 'whatIfAbandonRate', percent: true },
];

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
const show = (v: number | null, percent?: boolean) => (v === null ? '–' : percent ? `${pct(v)}%` : String(v));

export function WhatIfResults({ result }: { result: SimulationResult }) {
  const { t } = useI18n();
  const { recorded, simulated } = result;
  if (!recorded || !simulated) return null;
  const legend = { recorded: t('whatIfRecorded'), simulated: t('whatIfSimulated') };
  const detail = result.check?.firstDifference ? `${result.check.firstDifference.recorded ?? '–'} ≠ ${result.check.firstDifference.simulated ?? '–'}` : '';
  return (
    <section className="what-if-results" aria-live="polite">
      {result.reproduced === true && <p className="ok">{t('whatIfReproduced', { count: String(result.check?.compared ?? 0) })}</p>}
      {result.reproduced === false && <p className="error">{t('whatIfNotReproduced', { detail })}</p>}
      <div className="what-if-charts">
        <CompareChart
          title={t('whatIfWaitsChart')}
          legend={legend}
          rows={(['meanWaitSeconds', 'p50WaitSeconds', 'p90WaitSeconds'] as const).map((k) => ({
            label: t(ROWS.find((r) => r.key === k)!.label),
            recorded: recorded[k],
            simulated: simulated[k],
          }))}
        />
        <CompareChart
          title={t('whatIfRatesChart')}
          legend={legend}
          rows={(['serviceLevel', 'abandonRate'] as const).map((k) => ({
            label: t(ROWS.find((r) => r.key === k)!.label),
            recorded: pct(recorded[k]),
            simulated: pct(simulated[k]),
          }))}
        />
      </div>
      <table className="what-if-table">
        <thead>
          <tr>
            <th scope="col">{t('whatIfFigure')}</th>
            <th scope="col">{t('whatIfRecorded')}</th>
            <th scope="col">{t('whatIfSimulated')}</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((r) => (
            <tr key={r.key}>
              <th scope="row">{t(r.label)}</th>
              <td>{show(recorded[r.key], r.percent)}</td>
              <td>{show(simulated[r.key], r.percent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.queues && result.queues.length > 0 && (
        <table className="what-if-table">
          <caption>{t('whatIfQueues')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('whatIfQueue')}</th>
              <th scope="col">{t('whatIfMeanWait')}</th>
              <th scope="col">{t('whatIfServiceLevel')}</th>
              <th scope="col">{t('whatIfAgentsNeeded')}</th>
            </tr>
          </thead>
          <tbody>
            {result.queues.map((q) => {
              const staffing = result.staffing?.find((s) => s.skills.join(',') === q.skills.join(','));
              return (
                <tr key={q.skills.join(',')}>
                  <th scope="row">{q.skills.join(', ') || t('whatIfAnySkill')}</th>
                  <td>
                    {show(q.recorded.meanWaitSeconds)} → {show(q.simulated.meanWaitSeconds)}
                  </td>
                  <td>
                    {show(q.recorded.serviceLevel, true)} → {show(q.simulated.serviceLevel, true)}
                  </td>
                  <td>{staffing ? staffing.agents : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
