import type { Citation } from '@studio/shared';
import type { ReactNode } from 'react';
import { CitationList } from './citation-list';
import { MarkdownAnswer } from './markdown-answer';

interface Props {
  role: 'user' | 'assistant' | 'system';
  content: string;
  citations?: Citation[];
  onOpenCitation?: (citation: Citation) => void;
  /** Extra line under the bubble: streaming state, stop reason, errors. */
  footer?: ReactNode;
  live?: boolean;
}

/** One message bubble; the streaming one is an aria-live region so screen readers follow the answer. */
export function ChatMessage({ role, content, citations = [], onOpenCitation, footer, live }: Props) {
  return (
    <li className={`message message-${role}`} data-role={role}>
      <div className="message-author">{role === 'user' ? 'You' : role === 'assistant' ? 'Studio' : 'System'}</div>
      <div className="message-bubble">
        <div className="message-text" aria-live={live ? 'polite' : undefined} aria-busy={live ? true : undefined}>
          {role === 'assistant' ? (
            <MarkdownAnswer text={content} citations={citations} onOpenCitation={onOpenCitation} />
          ) : (
            content
          )}
          {live ? <span className="cursor" aria-hidden="true" /> : null}
        </div>
        {onOpenCitation ? <CitationList citations={citations} onOpen={onOpenCitation} /> : null}
      </div>
      {footer ? <div className="message-footer small">{footer}</div> : null}
    </li>
  );
}
