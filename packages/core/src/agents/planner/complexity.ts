import { splitRequest, type RequestParts } from './split-request';

/** How demanding a request looks before any model sees it. */
export interface ComplexityEstimate {
  /** 0..1; compared with `orchestrator.workflow_confidence_threshold` to decide direct answer vs plan. */
  score: number;
  /** 1..10, the scale of `PlanTask.complexity`. */
  level: number;
  parts: RequestParts;
}

const DEMANDING =
  /\b(analy[sz]e|analysis|compare|contrast|evaluate|synthesi[sz]e|research|investigate|step[- ]by[- ]step|in detail|comprehensive|trade-?offs?|pros and cons|calculate|compute)\b/gi;

/** A deterministic estimate from the request's parts, length, demanding verbs and attached files. */
export function estimateComplexity(message: string, fileIds: readonly string[] = []): ComplexityEstimate {
  const parts = splitRequest(message);
  const words = message.trim().split(/\s+/).filter(Boolean).length;
  const demanding = new Set((message.match(DEMANDING) ?? []).map((word) => word.toLowerCase())).size;
  const score = Math.min(
    1,
    0.2 +
      0.3 * (parts.parts.length - 1) +
      Math.min(0.2, words / 250) +
      Math.min(0.5, 0.2 * demanding) +
      (fileIds.length > 1 ? 0.1 : 0),
  );
  return { score: round(score), level: Math.max(1, Math.min(10, Math.round(1 + score * 9))), parts };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
