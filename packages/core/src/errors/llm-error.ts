import { DomainError, type DomainErrorKind } from './domain-error';

/** Stable codes of language-model failures; clients switch on these, never on provider messages. */
export type LlmErrorCode =
  | 'LLM_UNAVAILABLE'
  | 'LLM_RATE_LIMITED'
  | 'LLM_STALLED'
  | 'LLM_TIMEOUT'
  | 'LLM_BAD_RESPONSE'
  | 'LLM_REJECTED'
  | 'LLM_NOT_CONFIGURED';

/** The language model failed after retries, stalled, or answered something unreadable. */
export class LlmError extends DomainError {
  declare readonly code: LlmErrorCode;

  constructor(code: LlmErrorCode, message: string, options?: { cause?: unknown; kind?: DomainErrorKind }) {
    super(
      options?.kind ?? (code === 'LLM_STALLED' || code === 'LLM_TIMEOUT' ? 'timeout' : 'unavailable'),
      code,
      message,
      {
        cause: options?.cause,
      },
    );
    this.name = 'LlmError';
  }
}
