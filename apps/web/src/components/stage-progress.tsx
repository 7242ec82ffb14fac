import type { FileStep } from '../lib/file-stages';

/**
 * A file's running step: "Step 2 of 6 · Reading the text". A step with a real count (the semantic
 * phase) shows its percentage; the others show an indeterminate bar rather than an invented number.
 */
export function StageProgress({ name, step, message }: { name: string; step: FileStep; message?: string }) {
  const determinate = step.percent !== undefined;
  const percent = Math.round(step.percent ?? 0);
  return (
    <div className="stage-progress" data-step-stage={step.stage}>
      <div
        className={`progress${determinate ? '' : ' progress-indeterminate'}`}
        role="progressbar"
        aria-label={`${name} progress`}
        aria-valuemin={determinate ? 0 : undefined}
        aria-valuemax={determinate ? 100 : undefined}
        aria-valuenow={determinate ? percent : undefined}
        aria-valuetext={`Step ${step.step} of ${step.steps}: ${step.label}${determinate ? `, ${percent}%` : ''}`}
      >
        <div className="progress-fill" style={determinate ? { width: `${percent}%` } : undefined} />
      </div>
      <span className="muted small file-stage">
        Step {step.step} of {step.steps} · {step.label}
        {determinate ? ` · ${percent}%` : ''}
        {message ? ` · ${message}` : ''}
      </span>
    </div>
  );
}
