import { useEffect, useMemo, useState } from 'react';
import { AgentSteps } from '../components/agent-steps';
import { EmptyState } from '../components/empty-state';
import { ErrorNotice } from '../components/error-notice';
import { ExecutionList, titleOf } from '../components/execution-list';
import { MonitorPanel } from '../components/monitor-panel';
import { PlanGraph } from '../components/plan-graph';
import { ScreenHeader } from '../components/screen-header';
import { Spinner } from '../components/spinner';
import { TaskDetails } from '../components/task-details';
import { useLiveExecution, useLiveExecutions } from '../hooks/use-live-executions';
import { hrefFor } from '../hooks/use-hash-route';
import { useToast } from '../hooks/use-toast';
import { messageOf } from '../lib/errors';
import { trpc } from '../trpc';

/** Runs of the orchestrator: the plan graph live, each agent's steps, and the resource monitor. */
export function AgentsScreen({ executionId: requested }: { executionId?: string }) {
  const utils = trpc.useUtils();
  const live = useLiveExecutions();
  const list = trpc.executions.list.useQuery({ limit: 30 });
  const executionId = requested ?? live[0]?.executionId ?? list.data?.items[0]?.executionId;
  const stored = trpc.executions.get.useQuery(
    { executionId: executionId ?? '' },
    { enabled: executionId !== undefined },
  );
  const current = useLiveExecution(executionId);
  const [selectedTask, setSelectedTask] = useState<string>();
  const toast = useToast();
  const cancel = trpc.chat.cancel.useMutation({
    onSuccess: (result) =>
      toast.show(
        result.cancelled ? 'success' : 'info',
        result.cancelled ? 'Run stopped' : 'The run had already finished',
      ),
    onError: (error) => toast.show('error', 'Could not stop the run', messageOf(error)),
  });

  // Refresh the stored view whenever the live plan changes (a new run, or a task finishing).
  const liveSignature = live
    .map((execution) => `${execution.executionId}:${execution.graph?.tasks.map((task) => task.status).join(',')}`)
    .join(';');
  useEffect(() => {
    if (liveSignature) {
      void utils.executions.list.invalidate();
      void utils.executions.get.invalidate();
    }
  }, [liveSignature, utils]);

  const tasks = useMemo(
    () =>
      current?.graph?.tasks ??
      stored.data?.tasks.map((task) => ({
        id: task.id,
        name: task.name,
        status: task.status,
        dependencies: task.dependencies,
        assignedAgent: task.assignedAgent,
      })) ??
      [],
    [current?.graph, stored.data],
  );
  const taskNames = Object.fromEntries(tasks.map((task) => [task.id, task.name]));
  const running = stored.data?.status === 'running' ? stored.data : undefined;
  const sessions = trpc.chat.sessions.useQuery({ limit: 100 });
  const conversation = sessions.data?.items.find((session) => session.sessionId === stored.data?.sessionId);
  const detail = stored.data?.tasks.find((task) => task.id === selectedTask);
  const items = list.data?.items ?? [];

  return (
    <section className="screen screen-wide" aria-labelledby="screen-title">
      <ScreenHeader
        title="Agents"
        subtitle="Requests with several parts are planned into tasks and run by agents. Follow them live."
      />
      {list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} title="Could not load runs" />
      ) : null}
      {!executionId ? (
        list.isPending ? (
          <Spinner label="Loading runs…" />
        ) : (
          <div className="card">
            <EmptyState icon="agents" title="No runs yet">
              Ask something with several parts in Chat — for example “First summarise the report, then list its open
              risks” — and its plan appears here as it runs.
            </EmptyState>
          </div>
        )
      ) : (
        <div className="agents-layout">
          <ExecutionList items={items} selected={executionId} />
          <div className="stack">
            <section className="card" aria-labelledby="plan-title">
              <div className="card-header">
                <h2 id="plan-title" className="truncate" title={stored.data ? titleOf(stored.data) : undefined}>
                  {stored.data ? titleOf(stored.data) : 'Plan'}
                </h2>
                <div className="row">
                  <span className="muted small">
                    {stored.data
                      ? `${stored.data.kind}${stored.data.workflow ? ` · ${stored.data.workflow}` : ''} · ${stored.data.status}`
                      : ''}
                  </span>
                  {running ? (
                    <button
                      type="button"
                      className="button button-danger button-small"
                      onClick={() => cancel.mutate({ executionId: running.executionId })}
                      disabled={cancel.isPending}
                    >
                      Stop run
                    </button>
                  ) : null}
                </div>
              </div>
              <div className="card-body">
                {tasks.length > 0 ? (
                  <PlanGraph tasks={tasks} selected={selectedTask} onSelect={setSelectedTask} />
                ) : stored.isPending ? (
                  <Spinner label="Loading plan…" />
                ) : (
                  <p className="muted">This run answered directly, without a plan.</p>
                )}
                {tasks.length > 0 ? (
                  <div className="chips task-picker" role="group" aria-label="Task details">
                    {tasks.map((task) => (
                      <button
                        key={task.id}
                        type="button"
                        className="chip"
                        aria-pressed={task.id === selectedTask}
                        onClick={() => setSelectedTask(task.id === selectedTask ? undefined : task.id)}
                      >
                        {task.name}
                      </button>
                    ))}
                  </div>
                ) : null}
              </div>
            </section>
            {conversation ? (
              <p className="muted small">
                Asked in{' '}
                <a href={hrefFor('chat', { session: conversation.sessionId })}>
                  {conversation.title || 'a conversation'}
                </a>
              </p>
            ) : null}
            {detail ? <TaskDetails task={detail} /> : null}
            <div className="agents-panels">
              <AgentSteps steps={current?.steps ?? []} taskNames={taskNames} />
              <MonitorPanel
                samples={current?.samples ?? []}
                createdAt={stored.data?.createdAt}
                finishedAt={stored.data?.finishedAt}
                fallback={
                  stored.data
                    ? {
                        tokensUsed: stored.data.tokensUsed,
                        tokenBudget: stored.data.tokenBudget,
                        totalTasks: stored.data.tasks.length,
                        completedTasks: stored.data.tasks.filter((task) => task.status === 'completed').length,
                      }
                    : undefined
                }
              />
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
