interface Series {
  label: string;
  values: number[];
  unit: string;
  tone: 'accent' | 'ok' | 'warn';
}

const WIDTH = 320;
const HEIGHT = 80;

function pathOf(values: number[], max: number): string {
  if (values.length === 0) return '';
  const step = values.length > 1 ? WIDTH / (values.length - 1) : 0;
  return values
    .map(
      (value, index) =>
        `${index === 0 ? 'M' : 'L'}${(index * step).toFixed(1)},${(HEIGHT - 4 - (value / max) * (HEIGHT - 8)).toFixed(1)}`,
    )
    .join(' ');
}

/** A small line chart of one metric over time, with its latest and peak value in words. */
export function LineChart({ label, values, unit, tone }: Series) {
  const max = Math.max(1, ...values) * 1.15;
  const latest = values.at(-1);
  const peak = values.length > 0 ? Math.max(...values) : undefined;
  const summary =
    latest === undefined ? 'no samples yet' : `now ${latest.toFixed(1)} ${unit}, peak ${peak?.toFixed(1)} ${unit}`;
  return (
    <figure className={`line-chart tone-${tone}`}>
      <figcaption className="row">
        <span className="grow">{label}</span>
        <span className="muted small">{summary}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`${label}: ${summary}`}>
        <line x1={0} x2={WIDTH} y1={HEIGHT - 4} y2={HEIGHT - 4} className="chart-axis" />
        {values.length > 1 ? (
          <>
            <path d={`${pathOf(values, max)} L${WIDTH},${HEIGHT - 4} L0,${HEIGHT - 4} Z`} className="chart-area" />
            <path d={pathOf(values, max)} className="chart-line" />
          </>
        ) : null}
      </svg>
    </figure>
  );
}
