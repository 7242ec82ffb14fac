import type { ReactNode } from 'react';

/** `**bold**` and `code` inside one line, as React nodes (never as HTML). */
function inline(text: string, keyPrefix: string): ReactNode[] {
  const parts = text.split(/(\*\*[^*]+\*\*|`[^`]+`)/g);
  return parts.map((part, index) => {
    const key = `${keyPrefix}-${index}`;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4)
      return <strong key={key}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2)
      return <code key={key}>{part.slice(1, -1)}</code>;
    return part;
  });
}

/**
 * The little Markdown that answers use — paragraphs, bullet lists, bold, inline code — rendered
 * safely; anything else stays plain text.
 */
export function RichText({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  let list: string[] = [];
  let paragraph: string[] = [];
  const flushList = () => {
    if (list.length === 0) return;
    const items = list;
    blocks.push(
      <ul key={`l${blocks.length}`}>
        {items.map((item, index) => (
          <li key={index}>{inline(item, `li${blocks.length}-${index}`)}</li>
        ))}
      </ul>,
    );
    list = [];
  };
  const flushParagraph = () => {
    if (paragraph.length === 0) return;
    const lines = paragraph;
    blocks.push(
      <p key={`p${blocks.length}`}>
        {lines.map((line, index) => (
          <span key={index}>
            {index > 0 ? <br /> : null}
            {inline(line, `p${blocks.length}-${index}`)}
          </span>
        ))}
      </p>,
    );
    paragraph = [];
  };
  for (const line of text.split('\n')) {
    const bullet = /^\s*[-*•]\s+(.*)$/.exec(line);
    if (bullet) {
      flushParagraph();
      list.push(bullet[1] ?? '');
    } else if (line.trim() === '') {
      flushParagraph();
      flushList();
    } else {
      flushList();
      paragraph.push(line);
    }
  }
  flushParagraph();
  flushList();
  return <>{blocks}</>;
}
