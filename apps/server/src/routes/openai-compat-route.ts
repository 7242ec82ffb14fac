import { toHttpError } from '@studio/api';
import { estimateTokens, type Studio } from '@studio/core';
import {
  lastUserMessage,
  OpenAIChatRequestSchema,
  priorTurns,
  STUDIO_MODEL_ID,
  type ChatSendOutput,
  type ConversationTurn,
} from '@studio/shared';
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { EVENT_STREAM_HEADERS } from './event-stream-headers';

const SESSION_HEADER = 'x-studio-session-id';

/**
 * An OpenAI-compatible face of the orchestrator (`/v1/models`, `/v1/chat/completions`, plain and
 * streamed), so any OpenAI client or chat UI can talk to the studio with its files and memory.
 * The last user message is answered; `x-studio-session-id` continues a studio session.
 */
export function openAICompatRoute(studio: Studio): Router {
  const route = express.Router();

  route.get('/v1/models', (_req, res) => {
    res.json({
      object: 'list',
      data: [{ id: STUDIO_MODEL_ID, object: 'model', created: 0, owned_by: 'local-agent-studio' }],
    });
  });

  // The JSON parser is scoped to this route: tRPC and the upload route read their own bodies.
  route.post('/v1/chat/completions', express.json({ limit: '2mb' }), async (req, res) => {
    const parsed = OpenAIChatRequestSchema.safeParse(req.body);
    const message = parsed.success ? lastUserMessage(parsed.data) : undefined;
    if (!parsed.success || !message?.trim()) {
      const detail = parsed.success ? 'the last user message must be non-empty text' : z.prettifyError(parsed.error);
      sendOpenAIError(res, 400, 'invalid_request_error', detail);
      return;
    }
    const sessionHeader = req.header(SESSION_HEADER);
    const input = { message, sessionId: sessionHeader || undefined, userId: parsed.data.user };
    // The system prompt and earlier turns become the new session's history (a continued session has its own).
    const options = { priorTurns: priorTurns(parsed.data) };
    const id = `chatcmpl-${Date.now().toString(36)}`;
    const created = Math.floor(Date.now() / 1000);
    try {
      if (!parsed.data.stream) {
        const answer = await studio.chat.send(input, options);
        res.setHeader(SESSION_HEADER, answer.sessionId);
        res.json(completion(id, created, answer, await usageOf(studio, answer)));
        return;
      }
      await streamCompletion(studio, res, input, options, id, created);
    } catch (error) {
      if (res.headersSent) {
        res.end();
        return;
      }
      const { status, body } = toHttpError(error);
      sendOpenAIError(res, status, body.error.code, body.error.message);
    }
  });
  return route;
}

async function streamCompletion(
  studio: Studio,
  res: Response,
  input: { message: string; sessionId?: string; userId?: string },
  options: { priorTurns: ConversationTurn[] },
  id: string,
  created: number,
): Promise<void> {
  const abort = new AbortController();
  let executionId: string | undefined;
  let finished = false;
  res.on('close', () => {
    // A client that hangs up mid-answer no longer wants it: stop the model too.
    if (!finished && executionId) {
      void studio.chat
        .cancel(executionId)
        .catch((error: unknown) =>
          studio.logger.warn('could not cancel an abandoned answer', { executionId, error: String(error) }),
        );
    }
    abort.abort();
  });
  const chunk = (delta: Record<string, unknown>, finishReason: string | null, extra: Record<string, unknown> = {}) =>
    res.write(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: STUDIO_MODEL_ID, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra })}\n\n`,
    );
  for await (const { event } of studio.chat.stream(input, abort.signal, options)) {
    if (event.type === 'start') {
      executionId = event.executionId;
      res.writeHead(200, {
        ...EVENT_STREAM_HEADERS,
        connection: 'keep-alive',
        [SESSION_HEADER]: event.sessionId,
      });
      chunk({ role: 'assistant', content: '' }, null);
    } else if (event.type === 'token') {
      chunk({ content: event.text }, null);
    } else if (event.type === 'end') {
      finished = true;
      chunk({}, 'stop', { citations: event.citations });
    } else if (event.type === 'error') {
      finished = true;
      res.write(
        `data: ${JSON.stringify({ error: { message: event.message, type: 'server_error', code: event.code } })}\n\n`,
      );
    }
  }
  res.end('data: [DONE]\n\n');
}

type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

/**
 * The tokens the answer's execution spent, as chat's token meter counted them (every step, not
 * one model call); the reply's own share is estimated with the same counter the meter uses.
 */
async function usageOf(studio: Studio, answer: ChatSendOutput): Promise<Usage> {
  const total = (await studio.executions.get(answer.executionId)).tokensUsed;
  const completionTokens = Math.min(total, estimateTokens(answer.reply));
  return { prompt_tokens: total - completionTokens, completion_tokens: completionTokens, total_tokens: total };
}

function completion(id: string, created: number, answer: ChatSendOutput, usage: Usage) {
  return {
    id,
    object: 'chat.completion',
    created,
    model: STUDIO_MODEL_ID,
    choices: [{ index: 0, message: { role: 'assistant', content: answer.reply }, finish_reason: 'stop' }],
    usage,
    citations: answer.citations,
    studio: { sessionId: answer.sessionId, executionId: answer.executionId, mode: answer.mode },
  };
}

function sendOpenAIError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error', code } });
}
