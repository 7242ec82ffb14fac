const MAX_WORDS = 8;
const MAX_CHARS = 60;

/** A short title from a session's first message: its first line, cut at a word boundary. */
export function sessionTitle(message: string): string {
  const firstLine =
    message
      .trim()
      .split(/\r?\n/)
      .find((line) => line.trim() !== '') ?? '';
  const words = firstLine.replace(/\s+/g, ' ').trim().split(' ');
  let title = '';
  for (const word of words.slice(0, MAX_WORDS)) {
    const next = title ? `${title} ${word}` : word;
    if (next.length > MAX_CHARS) break;
    title = next;
  }
  if (!title) title = firstLine.slice(0, MAX_CHARS);
  const shortened = title.length < firstLine.replace(/\s+/g, ' ').trim().length;
  return (shortened ? `${title.replace(/[,;:.!?-]+$/, '')}…` : title) || 'New chat';
}
