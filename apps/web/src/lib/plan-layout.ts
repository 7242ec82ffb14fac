import type { PlanTaskView } from '@studio/shared';

/** Size of one task node in the drawn plan. */
export const NODE_WIDTH = 212;
export const NODE_HEIGHT = 58;
const GAP_X = 64;
const GAP_Y = 18;
const PADDING = 16;

/** A task with its place in the drawing. */
export interface PlacedNode {
  task: PlanTaskView;
  x: number;
  y: number;
  depth: number;
}

/** A dependency drawn as an SVG path from `from` to `to`. */
export interface PlacedEdge {
  from: string;
  to: string;
  path: string;
}

/** The whole drawing and its size. */
export interface PlanLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

/**
 * A layered layout: a task's column is its dependency depth (longest chain before it), tasks of one
 * column stack vertically in plan order; edges are curves from a dependency to its dependant.
 */
export function layoutPlan(tasks: PlanTaskView[]): PlanLayout {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const depths = new Map<string, number>();
  const depthOf = (task: PlanTaskView, visiting: Set<string>): number => {
    const known = depths.get(task.id);
    if (known !== undefined) return known;
    if (visiting.has(task.id)) return 0; // a cycle would be a planner bug; draw it rather than hang
    visiting.add(task.id);
    let depth = 0;
    for (const dependency of task.dependencies) {
      const parent = byId.get(dependency);
      if (parent) depth = Math.max(depth, depthOf(parent, visiting) + 1);
    }
    visiting.delete(task.id);
    depths.set(task.id, depth);
    return depth;
  };

  const columns: PlanTaskView[][] = [];
  for (const task of tasks) {
    const depth = depthOf(task, new Set());
    (columns[depth] ??= []).push(task);
  }
  const tallest = Math.max(1, ...columns.map((column) => column?.length ?? 0));
  const height = PADDING * 2 + tallest * NODE_HEIGHT + (tallest - 1) * GAP_Y;

  const nodes: PlacedNode[] = [];
  columns.forEach((column, depth) => {
    const columnHeight = column.length * NODE_HEIGHT + (column.length - 1) * GAP_Y;
    const top = (height - columnHeight) / 2;
    column.forEach((task, row) => {
      nodes.push({ task, depth, x: PADDING + depth * (NODE_WIDTH + GAP_X), y: top + row * (NODE_HEIGHT + GAP_Y) });
    });
  });

  const placed = new Map(nodes.map((node) => [node.task.id, node]));
  const edges: PlacedEdge[] = [];
  for (const node of nodes) {
    for (const dependency of node.task.dependencies) {
      const source = placed.get(dependency);
      if (!source) continue;
      const x1 = source.x + NODE_WIDTH;
      const y1 = source.y + NODE_HEIGHT / 2;
      const x2 = node.x;
      const y2 = node.y + NODE_HEIGHT / 2;
      const bend = Math.max(24, (x2 - x1) / 2);
      edges.push({
        from: dependency,
        to: node.task.id,
        path: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2 - 6},${y2}`,
      });
    }
  }

  const width = PADDING * 2 + Math.max(1, columns.length) * NODE_WIDTH + Math.max(0, columns.length - 1) * GAP_X;
  return { nodes, edges, width, height };
}
