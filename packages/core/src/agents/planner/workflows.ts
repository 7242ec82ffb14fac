import type { PlanTask } from '@studio/shared';
import { ROLE_PROFILES, type AgentRole } from '../agent-generator/roles';

/** The predefined workflows, chosen by trigger match as in the system this studio replaces. */
export const WORKFLOW_NAMES = ['rag_qa', 'summarize_extract', 'compare_synthesize', 'image_ocr_qa'] as const;
export type WorkflowName = (typeof WORKFLOW_NAMES)[number];

interface WorkflowDefinition {
  name: WorkflowName;
  triggers: RegExp[];
  /** Extra confidence when the attached files fit the workflow (two files to compare, say). */
  fits?: (fileIds: readonly string[]) => boolean;
  steps: {
    id: string;
    name: string;
    role: AgentRole;
    dependsOn: string[];
    describe: (message: string) => string;
    expected: string;
  }[];
}

const WORKFLOWS: WorkflowDefinition[] = [
  {
    name: 'rag_qa',
    triggers: [
      /\b(according to|based on) (the|my) (documents?|files?|sources?)\b/i,
      /\b(search|look up|find) (in )?(the|my) (documents?|files?)\b/i,
      /\bcite (the )?sources?\b/i,
    ],
    fits: (fileIds) => fileIds.length > 0,
    steps: [
      {
        id: 'retrieve',
        name: 'Retrieve passages',
        role: 'researcher',
        dependsOn: [],
        describe: (m) => `Find the passages that answer: ${m}`,
        expected: 'The relevant passages with their sources',
      },
      {
        id: 'answer',
        name: 'Answer from passages',
        role: 'writer',
        dependsOn: ['retrieve'],
        describe: (m) => `Answer from the retrieved passages: ${m}`,
        expected: 'A sourced answer',
      },
    ],
  },
  {
    name: 'summarize_extract',
    triggers: [
      /\bsummari[sz]e\b|\bsummary\b|\btl;?dr\b/i,
      /\b(extract|key points|main points|takeaways|action items)\b/i,
    ],
    fits: (fileIds) => fileIds.length > 0,
    steps: [
      {
        id: 'gather',
        name: 'Gather content',
        role: 'researcher',
        dependsOn: [],
        describe: (m) => `Collect the content to work on for: ${m}`,
        expected: 'The source passages',
      },
      {
        id: 'summarize',
        name: 'Summarize',
        role: 'summarizer',
        dependsOn: ['gather'],
        describe: (m) => `Summarize the gathered content for: ${m}`,
        expected: 'A short faithful summary',
      },
      {
        id: 'extract',
        name: 'Extract key points',
        role: 'analyst',
        dependsOn: ['gather'],
        describe: (m) => `Extract the key points, figures and names for: ${m}`,
        expected: 'A list of key points',
      },
    ],
  },
  {
    name: 'compare_synthesize',
    triggers: [
      /\b(compare|comparison|contrast)\b/i,
      /\b(differences?|similarit(y|ies)) between\b|\bversus\b|\bvs\.?\s/i,
    ],
    fits: (fileIds) => fileIds.length >= 2,
    steps: [
      {
        id: 'analyze_a',
        name: 'Analyze the first subject',
        role: 'researcher',
        dependsOn: [],
        describe: (m) => `Collect the facts about the first subject of: ${m}`,
        expected: 'Facts about the first subject',
      },
      {
        id: 'analyze_b',
        name: 'Analyze the second subject',
        role: 'researcher',
        dependsOn: [],
        describe: (m) => `Collect the facts about the second subject of: ${m}`,
        expected: 'Facts about the second subject',
      },
      {
        id: 'synthesize',
        name: 'Compare and synthesize',
        role: 'analyst',
        dependsOn: ['analyze_a', 'analyze_b'],
        describe: (m) => `Compare the two sets of facts and answer: ${m}`,
        expected: 'A comparison with sources',
      },
    ],
  },
  {
    name: 'image_ocr_qa',
    triggers: [
      /\b(image|photo|picture|screenshot|scan(ned)?|ocr)\b/i,
      /\b(text|written|says?) (in|on) (the|this|my) (image|photo|picture|screenshot|scan)\b/i,
    ],
    fits: (fileIds) => fileIds.length > 0,
    steps: [
      {
        id: 'read_image',
        name: 'Read the image text',
        role: 'researcher',
        dependsOn: [],
        describe: (m) => `Find the recognised (OCR) text relevant to: ${m}`,
        expected: 'The recognised text with its source',
      },
      {
        id: 'answer',
        name: 'Answer from the image',
        role: 'writer',
        dependsOn: ['read_image'],
        describe: (m) => `Answer from the recognised text: ${m}`,
        expected: 'A sourced answer',
      },
    ],
  },
];

/** The best-matching workflow and how sure the match is (0..1), if any trigger matched. */
export function matchWorkflow(
  message: string,
  fileIds: readonly string[] = [],
): { name: WorkflowName; confidence: number } | undefined {
  let best: { name: WorkflowName; confidence: number } | undefined;
  for (const workflow of WORKFLOWS) {
    const hits = workflow.triggers.filter((trigger) => trigger.test(message)).length;
    if (hits === 0) continue;
    const confidence = Math.min(1, 0.45 + 0.2 * hits + (workflow.fits?.(fileIds) ? 0.15 : 0));
    if (!best || confidence > best.confidence)
      best = { name: workflow.name, confidence: Math.round(confidence * 100) / 100 };
  }
  return best;
}

/** The plan tasks of a predefined workflow for a request. */
export function workflowTasks(name: WorkflowName, message: string, complexity: number): PlanTask[] {
  const workflow = WORKFLOWS.find((candidate) => candidate.name === name);
  if (!workflow) return [];
  return workflow.steps.map((step) => ({
    id: step.id,
    name: step.name,
    description: step.describe(message),
    dependencies: step.dependsOn,
    expectedOutput: step.expected,
    successCriteria: "Grounded in the user's files or memories, with sources",
    assignedAgent: step.role,
    complexity,
    tools: ROLE_PROFILES[step.role].tools,
  }));
}
