/** Streams an assembled answer word by word, yielding between words so cancel can land mid-answer. */
export async function streamText(text: string, emit: (text: string) => void, signal: AbortSignal): Promise<void> {
  const tokens = text.match(/\s*\S+|\s+$/g) ?? [];
  for (let index = 0; index < tokens.length; index += 1) {
    signal.throwIfAborted();
    emit(tokens[index] ?? '');
    if (index % 16 === 15) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
