import { z } from 'zod';
import { evaluateExpression } from './expression';
import { defineTool, type AgentTool } from './tool';

/** `calculator`: exact arithmetic, so agents do not guess numbers. */
export function calculatorTool(): AgentTool {
  return defineTool({
    name: 'calculator',
    description:
      'Evaluate an arithmetic expression: numbers, + - * / % ^, parentheses, sqrt, abs, round, min, max, log, ln, exp, pi, e.',
    parameters: z.object({ expression: z.string().min(1).max(500) }),
    execute: async (args) => {
      const value = evaluateExpression(args.expression);
      // The number alone: agents and the final answer quote it, and nothing else belongs next to it.
      return { content: String(Number(value.toPrecision(12))), sources: [] };
    },
  });
}
