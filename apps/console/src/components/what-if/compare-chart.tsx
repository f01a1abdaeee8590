/**
 * A small grouped bar chart in SVG (no library: the console has a size
 * budget): one pair of bars per figure, recorded beside simulated, each with
 * its value written on it so the chart reads without colour too.
 */
export interface ChartRow {
  label: string;
  recorded: number | null;
  simulated: number | null;
}

const BAR = 18;
const GAP = 10;
const LABEL = 150;
const WIDTH = 520;

export function CompareChart({ title, rows, legend }: { title: string; rows: ChartRow[]; legend: { recorded: string; simulated: string } }) {
  const max = Math.max(1, ...rows.flatMap((r) => [r.recorded ?? 0, r.simulated ?? 0]));
  const scale = (v: number | null) => ((v ?? 0) / max) * (WIDTH - LABEL - 60);
  const height = rows.length * (2 * BAR + GAP) + 30;
  return (
    <figure className="what-if-chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title} width="100%">
        <title>{title}</title>
        {rows.map((r, i) => {
          const y = i * (2 * BAR + GAP);
          return (
            <g key={r.label}>
              <text x={0} y={y + BAR + 4} className="chart-label">
                {r.label}
              </text>
              {(['recorded', 'simulated'] as const).map((side, k) => (
                <g key={side}>
                  <rect x={LABEL} y={y + k * BAR} width={Math.max(1, scale(r[side]))} height={BAR - 3} className={`bar bar-${side}`} />
                  <text x={LABEL + Math.max(1, scale(r[side])) + 4} y={y + k * BAR + BAR - 6} className="chart-value">
                    {r[side] === null ? '–' : r[side]}
                  </text>
                </g>
              ))}
            </g>
          );
        })}
        <g transform={`translate(${LABEL}, ${height - 14})`}>
          <rect width={12} height={12} className="bar bar-recorded" />
          <text x={16} y={11} className="chart-value">
            {legend.recorded}
          </text>
          <rect x={140} width={12} height={12} className="bar bar-simulated" />
          <text x={156} y={11} className="chart-value">
            {legend.simulated}
          </text>
        </g>
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
