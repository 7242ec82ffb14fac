/** A one-line text progress bar: `name  [#####-----]  50%  embedding`. */
export function renderProgressBar(name: string, percent: number, stage: string, width = 24): string {
  const clamped = Math.max(0, Math.min(100, Math.round(percent)));
  const filled = Math.round((clamped / 100) * width);
  const label = name.length > 28 ? `${name.slice(0, 27)}…` : name.padEnd(28);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(clamped).padStart(3)}%  ${stage}`;
}
