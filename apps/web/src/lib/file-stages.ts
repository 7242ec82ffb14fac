import type { FileRecord } from '@studio/shared';

/** The steps a file goes through, as the pipeline reports them, with words for each. */
const STEPS = [
  { stage: 'queued', label: 'Waiting its turn' },
  { stage: 'extracting', label: 'Reading the text' },
  { stage: 'chunking', label: 'Splitting into passages' },
  { stage: 'embedding', label: 'Computing search vectors' },
  { stage: 'indexing', label: 'Indexing passages' },
] as const;

/** Where a file is in its ingestion: the step now running, its number, and a determinate share when one is known. */
export interface FileStep {
  /** The `data-stage` value: the pipeline's stage, or `semantic` for the later phase. */
  stage: string;
  label: string;
  step: number;
  steps: number;
  /** A real percentage (the semantic phase counts its chunks); the pipeline's own stages have none. */
  percent?: number;
}

/** The running step of a file, or undefined when nothing runs (ready, or failed). */
export function currentStep(file: FileRecord): FileStep | undefined {
  const semantic = file.semantic && file.semantic.status !== 'ready' && file.semantic.status !== 'failed';
  const steps = STEPS.length + (file.semantic ? 1 : 0);
  if (file.status === 'completed')
    return semantic
      ? {
          stage: 'semantic',
          label: 'Semantic index (already searchable by keywords)',
          step: steps,
          steps,
          percent: file.semantic?.progress ?? 0,
        }
      : undefined;
  if (file.status === 'failed') return undefined;
  const index = Math.max(
    0,
    STEPS.findIndex((step) => step.stage === (file.stage ?? 'queued')),
  );
  return { stage: STEPS[index]?.stage ?? 'queued', label: STEPS[index]?.label ?? '', step: index + 1, steps };
}
