import type { Citation } from '@studio/shared';
import { useEffect, useRef, useState } from 'react';
import { ChatComposer } from '../components/chat-composer';
import { ChatMessage } from '../components/chat-message';
import { ChatSessions } from '../components/chat-sessions';
import { EmptyState } from '../components/empty-state';
import { ErrorNotice } from '../components/error-notice';
import { OfflineBanner } from '../components/offline-banner';
import { SourceViewer } from '../components/source-viewer';
import { Spinner } from '../components/spinner';
import { LivePlanCard } from '../components/live-plan-card';
import { useChatStream, type LiveAnswer } from '../hooks/use-chat-stream';
import { useLiveExecutions } from '../hooks/use-live-executions';
import { useHealth } from '../hooks/use-health';
import { trpc } from '../trpc';

function answerFooter(answer: LiveAnswer) {
  if (answer.status === 'streaming') return <span className="muted">{answer.text ? 'Writing…' : 'Thinking…'}</span>;
  if (answer.status === 'stopped') return <span className="muted">Stopped.</span>;
  if (answer.status === 'failed') return <span className="field-error">{answer.error ?? 'The answer failed.'}</span>;
  return null;
}

/** What a saved answer that did not finish says under its partial text. */
const STOPPED_LABEL = {
  interrupted: 'Interrupted: the server stopped before this answer finished.',
  failed: 'This answer failed.',
  cancelled: 'Stopped.',
} as const;

/** Conversations: the sessions list, the thread with a streaming cited answer, and the question box. */
export function ChatScreen({ sessionId }: { sessionId?: string }) {
  const stream = useChatStream();
  const { offline, modelDown, modelDetail } = useHealth();
  const [passage, setPassage] = useState<Citation>();
  const utils = trpc.useUtils();
  const history = trpc.chat.history.useQuery({ sessionId: sessionId ?? '' }, { enabled: sessionId !== undefined });
  // Answers in this conversation started elsewhere (another tab, the CLI) appear when they finish.
  trpc.events.chat.useSubscription(
    { sessionId: sessionId ?? '' },
    {
      enabled: sessionId !== undefined,
      onData: ({ data }) => {
        if ((data.type === 'end' || data.type === 'error') && sessionId)
          void utils.chat.history.invalidate({ sessionId });
      },
    },
  );
  const messages = sessionId ? (history.data?.messages ?? []) : [];
  const answer = stream.answer && (stream.answer.sessionId ?? undefined) === sessionId ? stream.answer : undefined;
  // An answer is saved while it streams: the live bubble stands for it until it is saved whole.
  const inHistory =
    answer?.messageId !== undefined &&
    messages.some(
      (message) => message.id === answer.messageId && message.role === 'assistant' && message.status !== 'streaming',
    );
  const retry = trpc.chat.retry.useMutation({
    onSettled: () => {
      if (sessionId) void utils.chat.history.invalidate({ sessionId });
      void utils.chat.sessions.invalidate();
    },
  });
  const last = messages.at(-1);
  const showQuestion = answer && !(last?.role === 'user' && last.content === answer.question);

  useEffect(() => {
    if (inHistory && answer?.status !== 'streaming') stream.settle();
  }, [inHistory, answer?.status, stream]);

  // The newest plan seen in this conversation stays drawn after its answer has settled into history.
  const live = useLiveExecutions();
  const planned = live.find(
    (execution) =>
      (execution.graph?.tasks.length ?? 0) > 1 &&
      (execution.executionId === answer?.executionId || (sessionId !== undefined && execution.sessionId === sessionId)),
  );

  // Opening a conversation or asking shows the last question at the top with the start of its answer
  // below, rather than the end of a long answer with the question scrolled away.
  const thread = useRef<HTMLDivElement>(null);
  const questionCount = messages.filter((message) => message.role === 'user').length + (showQuestion ? 1 : 0);
  const loaded = !sessionId || history.isSuccess;
  useEffect(() => {
    if (!loaded) return;
    const questions = thread.current?.querySelectorAll('.message-user');
    const last = questions?.[questions.length - 1];
    if (last && thread.current)
      thread.current.scrollTop = Math.max(
        0,
        last.getBoundingClientRect().top - thread.current.getBoundingClientRect().top + thread.current.scrollTop - 8,
      );
  }, [sessionId, loaded, questionCount]);
  useEffect(() => {
    if (sessionId) sessionStorage.setItem('studio.session', sessionId);
  }, [sessionId]);

  return (
    <div className={`chat-layout${passage ? ' has-source' : ''}`}>
      <ChatSessions current={sessionId} />
      <section className="chat-main" aria-labelledby="screen-title">
        <header className="chat-header">
          <h1 id="screen-title">Chat</h1>
        </header>
        {offline || modelDown || answer?.mode === 'offline' ? (
          <OfflineBanner reason={offline ? 'not-configured' : 'down'} detail={modelDown ? modelDetail : undefined} />
        ) : null}
        <div className="thread" ref={thread}>
          {sessionId && history.isError ? (
            <ErrorNotice
              error={history.error}
              onRetry={() => void history.refetch()}
              title="Could not load this conversation"
            />
          ) : sessionId && history.isPending && !answer ? (
            <Spinner label="Loading conversation…" />
          ) : messages.length === 0 && !answer ? (
            <EmptyState icon="chat" title="Ask anything">
              Questions are answered from your files and memories, with sources you can open. Requests with several
              parts are planned and run by agents — follow them on the Agents screen.
            </EmptyState>
          ) : (
            <ol className="messages" aria-label="Messages">
              {messages
                .filter((message) => !(message.status === 'streaming' && message.id === answer?.messageId))
                .map((message) => (
                  <ChatMessage
                    key={message.id}
                    role={message.role}
                    content={message.content}
                    citations={message.citations}
                    onOpenCitation={setPassage}
                    footer={
                      message.status && message.status !== 'streaming' && sessionId ? (
                        <>
                          <span className="muted">{STOPPED_LABEL[message.status]}</span>{' '}
                          <button
                            type="button"
                            className="button button-ghost"
                            disabled={retry.isPending || answer?.status === 'streaming'}
                            onClick={() => retry.mutate({ sessionId, messageId: message.id })}
                          >
                            {retry.isPending && retry.variables.messageId === message.id ? 'Retrying…' : 'Retry'}
                          </button>
                        </>
                      ) : message.status === 'streaming' ? (
                        <span className="muted">Writing…</span>
                      ) : undefined
                    }
                  />
                ))}
              {answer && !inHistory ? (
                <>
                  {showQuestion ? <ChatMessage role="user" content={answer.question} /> : null}
                  <ChatMessage
                    role="assistant"
                    content={answer.text}
                    citations={answer.citations}
                    onOpenCitation={setPassage}
                    live={answer.status === 'streaming'}
                    footer={answerFooter(answer)}
                  />
                </>
              ) : null}
            </ol>
          )}
          {planned ? <LivePlanCard executionId={planned.executionId} /> : null}
        </div>
        <ChatComposer
          streaming={answer?.status === 'streaming' || stream.answer?.status === 'streaming'}
          onSend={(message, fileIds) =>
            stream.ask({ message, sessionId, fileIds: fileIds.length > 0 ? fileIds : undefined })
          }
          onStop={stream.stop}
        />
      </section>
      {passage ? (
        <aside className="source-panel" aria-labelledby="source-title">
          <SourceViewer
            key={passage.chunkId}
            source={{
              ...passage,
              text: passage.snippet,
              rankLabel: passage.number !== undefined ? `source [${passage.number}] of the answer` : undefined,
            }}
            titleId="source-title"
            onClose={() => setPassage(undefined)}
          />
        </aside>
      ) : null}
    </div>
  );
}
