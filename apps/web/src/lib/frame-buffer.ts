/** Text gathered between animation frames; see `createFrameBuffer`. */
export interface FrameBuffer {
  push(text: string): void;
  /** Hands over what was gathered now, e.g. before an event that must follow the text. */
  flush(): void;
  /** Drops what was gathered (the stream was replaced or the view unmounted). */
  cancel(): void;
}

/**
 * Gathers streamed text and hands it to `onFlush` once per animation frame. A local model can send
 * a token every millisecond; rendering each one re-renders the shell and re-parses the answer's
 * last Markdown block far more often than a screen can show, and the view falls behind the stream.
 */
export function createFrameBuffer(onFlush: (text: string) => void): FrameBuffer {
  let gathered = '';
  let frame: number | undefined;
  const cancelFrame = () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    frame = undefined;
  };
  const flush = () => {
    cancelFrame();
    if (gathered === '') return;
    const text = gathered;
    gathered = '';
    onFlush(text);
  };
  return {
    push: (text) => {
      gathered += text;
      frame ??= requestAnimationFrame(flush);
    },
    flush,
    cancel: () => {
      cancelFrame();
      gathered = '';
    },
  };
}
