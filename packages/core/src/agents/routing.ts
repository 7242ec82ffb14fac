import { estimateComplexity, type ComplexityEstimate } from './planner/complexity';
import { matchWorkflow, type WorkflowName } from './planner/workflows';

/** How the orchestrator should handle a request, and how sure the router is that it needs a plan. */
export interface RoutingDecision {
  kind: 'direct' | 'plan' | 'workflow';
  /** 0..1, compared with `orchestrator.workflow_confidence_threshold`. */
  confidence: number;
  workflow?: WorkflowName;
  complexity: ComplexityEstimate;
}

/**
 * Multi-part requests always run as a plan; otherwise a predefined workflow whose triggers match
 * confidently enough, then the complexity estimate; below the threshold the request is answered directly.
 */
export function routeRequest(message: string, fileIds: readonly string[], threshold: number): RoutingDecision {
  const complexity = estimateComplexity(message, fileIds);
  if (complexity.parts.parts.length >= 2) return { kind: 'plan', confidence: 1, complexity };
  const workflow = matchWorkflow(message, fileIds);
  if (workflow && workflow.confidence >= threshold) {
    return { kind: 'workflow', confidence: workflow.confidence, workflow: workflow.name, complexity };
  }
  // A workflow match below the threshold still counts as evidence, but alone it cannot reach it.
  const confidence = Math.max(complexity.score, workflow?.confidence ?? 0);
  return { kind: complexity.score >= threshold ? 'plan' : 'direct', confidence, complexity };
}
