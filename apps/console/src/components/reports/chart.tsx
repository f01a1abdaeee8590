import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  color: string;
  /** Drawn as bars instead of a line. */
  bars?: boolean;
  /** On the right axis, as a percentage of 1. */
  ratio?: boolean;
}

/**
 * A small uPlot chart (canvas; ~20 kB brotli, loaded with the reports page
 * only). The same numbers are always in the table beside it, so the canvas
 * is an image with a label for screen readers.
 */
export function Chart({ labels, series, label, height = 220 }: { labels: string[]; series: ChartSeries[]; label: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = labels.map((_, i) => i);
    const hasRatio = series.some((s) => s.ratio);
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height,
      scales: { x: { time: false, distr: 2 }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] }, ...(hasRatio && { r: { range: [0, 1] } }) },
      axes: [
        { space: 90, values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? (labels[i] ?? '') : '')) },
        {},
        ...(hasRatio ? [{ scale: 'r', side: 1, grid: { show: false }, values: (_u: uPlot, splits: number[]) => splits.map((v) => `${Math.round(v * 100)}%`) }] : []),
      ],
      legend: { show: false },
      series: [
        { label: '' },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          scale: s.ratio ? 'r' : 'y',
          ...(s.bars && { fill: s.color, paths: uPlot.paths.bars!({ size: [0.7, 40] }), points: { show: false } }),
        })),
      ],
    };
    const plot = new uPlot(opts, [xs, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [labels, series, height]);
  return (
    <figure className="chart-figure">
      <div ref={box} className="chart" role="img" aria-label={label} />
      <figcaption>
        <ul className="chart-legend">
          {series.map((s) => (
            <li key={s.label}>
              <span className="swatch" style={{ background: s.color }} aria-hidden="true" /> {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
