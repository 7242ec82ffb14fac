import OpenAI from 'openai';
import { DomainError } from '../errors/domain-error';
import { LlmError } from '../errors/llm-error';
import { isRetryableStatus, retryAfterMs, type RetryPolicy } from './retry';

/** What to do about one failed attempt. */
export interface ClassifiedFailure {
  error: LlmError;
  retryable: boolean;
  /** The wait the provider asked for (retry-after), if any. */
  waitMs?: number;
}

/** Maps whatever the `openai` client threw to a stable `LlmError`, and says whether to retry. */
export function classifyFailure(error: unknown, baseURL: string, policy: RetryPolicy): ClassifiedFailure {
  if (error instanceof LlmError) return { error, retryable: false };
  if (DomainError.isInstance(error)) {
    return { error: new LlmError('LLM_UNAVAILABLE', error.message, { cause: error }), retryable: false };
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return {
      error: new LlmError('LLM_TIMEOUT', `the language model at ${baseURL} did not answer in time`, { cause: error }),
      retryable: true,
    };
  }
  if (error instanceof OpenAI.APIConnectionError || error instanceof OpenAI.APIUserAbortError) {
    return {
      error: new LlmError('LLM_UNAVAILABLE', `cannot reach the language model at ${baseURL}`, { cause: error }),
      retryable: true,
    };
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    const detail = providerMessage(error);
    if (status === 429) {
      const waitMs = retryAfterMs(error.headers);
      const tooLong = waitMs !== undefined && waitMs > policy.maxRetryAfterMs;
      return {
        error: new LlmError('LLM_RATE_LIMITED', `the language model is rate limiting requests (HTTP 429)${detail}`, {
          cause: error,
        }),
        retryable: !tooLong,
        waitMs,
      };
    }
    if (isRetryableStatus(status)) {
      return {
        error: new LlmError('LLM_UNAVAILABLE', `the language model failed (HTTP ${status ?? 'error'})${detail}`, {
          cause: error,
        }),
        retryable: true,
        waitMs: retryAfterMs(error.headers),
      };
    }
    return {
      error: new LlmError(
        'LLM_REJECTED',
        `the language model refused the request (HTTP ${status ?? 'error'})${detail}`,
        { cause: error },
      ),
      retryable: false,
    };
  }
  return {
    error: new LlmError('LLM_BAD_RESPONSE', 'the language model sent a response that could not be read', {
      cause: error,
    }),
    retryable: false,
  };
}

function providerMessage(error: InstanceType<typeof OpenAI.APIError>): string {
  const body: unknown = error.error;
  const message = typeof body === 'object' && body !== null && 'message' in body ? body.message : undefined;
  const text = typeof message === 'string' ? message : '';
  return text ? `: ${text.slice(0, 300)}` : '';
}
