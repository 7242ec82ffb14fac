import { LlmError } from '../errors/llm-error';

/**
 * Iterates `source` but fails with `LLM_STALLED` when no item arrives for `stallMs` (`firstItemMs`
 * for the first: a local model may read a long prompt before it says anything), calling `abort`
 * first so the underlying request is torn down rather than left hanging.
 */
export async function* guardStalls<T>(
  source: AsyncIterable<T>,
  stallMs: number,
  abort: () => void,
  firstItemMs = stallMs,
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let stalledOut = false;
  let waitMs = firstItemMs;
  try {
    while (true) {
      let timer: NodeJS.Timeout | undefined;
      const limitMs = waitMs;
      const stalled = new Promise<'stalled'>((resolve) => {
        timer = setTimeout(() => resolve('stalled'), limitMs);
      });
      const next = iterator.next();
      const outcome = await Promise.race([next, stalled]).finally(() => clearTimeout(timer));
      if (outcome === 'stalled') {
        stalledOut = true;
        abort();
        // The aborted read settles with an abort error; swallow it so it is not reported unhandled.
        next.catch(() => undefined);
        throw new LlmError(
          'LLM_STALLED',
          `the language model sent nothing for ${Math.round(limitMs / 1000)} s; the stream was stopped`,
        );
      }
      if (outcome.done) return;
      waitMs = stallMs;
      yield outcome.value;
    }
  } finally {
    // After a stall the pending read may never settle, so the iterator is not awaited then.
    const closing = iterator.return?.();
    if (!stalledOut) await closing?.catch(() => undefined);
    else void closing?.catch(() => undefined);
  }
}
