import type { ChatMode, Citation } from '@studio/shared';
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { isNotFound, messageOf } from '../lib/errors';
import { createFrameBuffer, type FrameBuffer } from '../lib/frame-buffer';
import { trpc } from '../trpc';

/** The answer being streamed right now (or the last one, until history has caught up). */
export interface LiveAnswer {
  status: 'streaming' | 'done' | 'stopped' | 'failed';
  question: string;
  sessionId?: string;
  messageId?: string;
  executionId?: string;
  mode?: ChatMode;
  text: string;
  citations: Citation[];
  error?: string;
}

/** The app-wide answer stream and what the chat screen can do with it. */
export interface ChatStream {
  answer?: LiveAnswer;
  ask(input: { message: string; sessionId?: string; fileIds?: string[] }): void;
  stop(): void;
  /** Forgets the finished answer once the session's history shows it. */
  settle(): void;
}

/**
 * Streams one answer over `chat.stream`. The WebSocket link retries after a lost connection and
 * resubscribes with the last event id, so the answer continues where it stopped.
 */
export function useChatStreamState(onSession: (sessionId: string) => void): ChatStream {
  const utils = trpc.useUtils();
  const [answer, setAnswer] = useState<LiveAnswer>();
  const subscription = useRef<{ unsubscribe(): void }>(undefined);
  const tokens = useRef<FrameBuffer>(undefined);
  const cancel = trpc.chat.cancel.useMutation();

  useEffect(
    () => () => {
      subscription.current?.unsubscribe();
      tokens.current?.cancel();
    },
    [],
  );

  const finish = useCallback(
    (sessionId: string | undefined) => {
      void utils.chat.sessions.invalidate();
      if (sessionId) void utils.chat.history.invalidate({ sessionId });
    },
    [utils],
  );

  const ask = useCallback<ChatStream['ask']>(
    (input) => {
      subscription.current?.unsubscribe();
      tokens.current?.cancel();
      let sessionId = input.sessionId;
      setAnswer({ status: 'streaming', question: input.message, sessionId, text: '', citations: [] });
      const update = (change: (current: LiveAnswer) => LiveAnswer) =>
        setAnswer((current) => (current ? change(current) : current));
      // Tokens are shown once per frame; any other event first shows the text that came before it.
      const buffer = createFrameBuffer((text) => update((current) => ({ ...current, text: current.text + text })));
      tokens.current = buffer;
      subscription.current = utils.client.chat.stream.subscribe(input, {
        onData: ({ data: event }) => {
          if (event.type === 'token') {
            buffer.push(event.text);
            return;
          }
          buffer.flush();
          switch (event.type) {
            case 'start':
              sessionId = event.sessionId;
              update((current) => ({
                ...current,
                sessionId: event.sessionId,
                messageId: event.messageId,
                executionId: event.executionId,
                mode: event.mode,
              }));
              if (!input.sessionId) onSession(event.sessionId);
              void utils.chat.sessions.invalidate();
              break;
            case 'citation':
              update((current) => ({ ...current, citations: [...current.citations, event.citation] }));
              break;
            case 'end':
              update((current) => ({ ...current, status: 'done', text: event.reply, citations: event.citations }));
              finish(sessionId);
              break;
            case 'error':
              update((current) => ({
                ...current,
                status: event.code === 'CANCELLED' ? 'stopped' : 'failed',
                error: event.code === 'CANCELLED' ? undefined : event.message,
              }));
              finish(sessionId);
              break;
          }
        },
        onError: (error) => {
          buffer.flush();
          if (sessionId && isNotFound(error)) {
            // Resuming failed: the server restarted and no longer holds this answer's events.
            // Its history has the answer if it finished before the restart.
            const session = sessionId;
            void utils.chat.history
              .fetch({ sessionId: session })
              .then(({ messages }) => {
                const last = messages.at(-1);
                update((current) =>
                  last?.role === 'assistant'
                    ? { ...current, status: 'done', text: last.content, citations: last.citations, messageId: last.id }
                    : {
                        ...current,
                        status: 'failed',
                        error: 'The server restarted before this answer was finished. Ask again to continue.',
                      },
                );
              })
              .catch(() => update((current) => ({ ...current, status: 'failed', error: messageOf(error) })))
              .finally(() => finish(session));
            return;
          }
          update((current) => ({ ...current, status: 'failed', error: messageOf(error) }));
          finish(sessionId);
        },
      });
    },
    [utils, onSession, finish],
  );

  const stop = useCallback(() => {
    const executionId = answer?.executionId;
    if (!executionId || answer.status !== 'streaming') return;
    cancel.mutate({ executionId });
    setAnswer((current) => (current ? { ...current, status: 'stopped' } : current));
  }, [answer, cancel]);

  const settle = useCallback(
    () => setAnswer((current) => (current && current.status !== 'streaming' ? undefined : current)),
    [],
  );

  return { answer, ask, stop, settle };
}

/** Provided by the App shell, so an answer keeps streaming across screens. */
export const ChatStreamContext = createContext<ChatStream | undefined>(undefined);

/** The app-wide answer stream: it keeps going while the user looks at another screen. */
export function useChatStream(): ChatStream {
  const stream = useContext(ChatStreamContext);
  if (!stream) throw new Error('useChatStream needs ChatStreamContext');
  return stream;
}
