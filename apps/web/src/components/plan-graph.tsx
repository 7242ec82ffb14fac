import type { PlanTaskView } from '@studio/shared';
import { useMemo, useRef } from 'react';
import { usePanZoom } from '../hooks/use-pan-zoom';
import { humanize } from '../lib/format';
import { layoutPlan, NODE_HEIGHT, NODE_WIDTH } from '../lib/plan-layout';

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The plan as a graph: one node per task coloured by its status, an arrow per dependency.
 * A hidden list carries the same facts for screen readers.
 */
export function PlanGraph({
  tasks,
  selected,
  onSelect,
}: {
  tasks: PlanTaskView[];
  selected?: string;
  onSelect?: (taskId: string) => void;
}) {
  const layout = useMemo(() => layoutPlan(tasks), [tasks]);
  const frame = useRef<HTMLDivElement>(null);
  const view = usePanZoom(frame, layout.width, layout.height);
  return (
    <figure className="plan-graph">
      <div className="plan-graph-tools" role="group" aria-label="Graph view">
        <button type="button" className="button button-small" onClick={view.zoomIn} aria-label="Zoom in">
          +
        </button>
        <button type="button" className="button button-small" onClick={view.zoomOut} aria-label="Zoom out">
          −
        </button>
        <button type="button" className="button button-small" onClick={view.fit} disabled={view.zoom === 1}>
          Fit
        </button>
        <span className="muted small">{Math.round(view.zoom * 100)} %</span>
      </div>
      <div
        className={`plan-graph-frame${view.zoom > 1 ? ' is-zoomed' : ''}`}
        ref={frame}
        style={{ height: view.height }}
        {...view.handlers}
      >
        <svg
          width="100%"
          height={view.height}
          viewBox={view.viewBox}
          preserveAspectRatio="xMidYMid meet"
          role="img"
          aria-label={`Plan graph with ${tasks.length} tasks`}
          data-testid="plan-graph"
        >
          <defs>
            <marker
              id="plan-arrow"
              viewBox="0 0 10 10"
              refX="8"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" className="plan-arrow" />
            </marker>
          </defs>
          {layout.edges.map((edge) => (
            <path
              key={`${edge.from}-${edge.to}`}
              d={edge.path}
              className="plan-edge"
              markerEnd="url(#plan-arrow)"
              data-from={edge.from}
              data-to={edge.to}
            />
          ))}
          {layout.nodes.map(({ task, x, y }) => (
            <g
              key={task.id}
              className={`plan-node status-${task.status}${task.id === selected ? ' is-selected' : ''}`}
              transform={`translate(${x},${y})`}
              data-task-id={task.id}
              data-status={task.status}
              onClick={onSelect ? () => onSelect(task.id) : undefined}
            >
              <title>{`${task.name} — ${task.status}${task.assignedAgent ? ` (${task.assignedAgent})` : ''}`}</title>
              <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={10} className="plan-node-box" />
              <rect width={5} height={NODE_HEIGHT} rx={2} className="plan-node-stripe" />
              <text x={16} y={23} className="plan-node-name">
                {clip(task.name, 21)}
              </text>
              <text x={16} y={42} className="plan-node-meta">
                {humanize(task.status)}
                {task.assignedAgent ? ` · ${clip(task.assignedAgent, 14)}` : ''}
              </text>
            </g>
          ))}
        </svg>
      </div>
      <figcaption className="visually-hidden">
        <ul>
          {tasks.map((task) => (
            <li key={task.id}>
              {task.name}: {task.status}
              {task.dependencies.length > 0 ? `, after ${task.dependencies.join(', ')}` : ''}
            </li>
          ))}
        </ul>
      </figcaption>
      <div className="plan-legend" aria-hidden="true">
        {['pending', 'running', 'completed', 'failed', 'skipped', 'cancelled'].map((status) => (
          <span key={status} className={`legend-item status-${status}`}>
            <span className="legend-swatch" />
            {humanize(status)}
          </span>
        ))}
      </div>
    </figure>
  );
}
