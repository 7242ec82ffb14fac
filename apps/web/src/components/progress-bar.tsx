/** A labelled progress bar; `tone` colours it by outcome. */
export function ProgressBar({
  value,
  label,
  tone = 'active',
}: {
  value: number;
  label: string;
  tone?: 'active' | 'done' | 'failed';
}) {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      className={`progress progress-${tone}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped}
    >
      <div className="progress-fill" style={{ width: `${clamped}%` }} />
    </div>
  );
}
