import type { Citation } from '@studio/shared';
import { memo, useMemo, useRef, type ComponentProps } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { citationNumbers } from '../lib/citation-numbers';
import { HIGHLIGHT_LANGUAGES } from '../lib/highlight-languages';
import { markdownBlocks } from '../lib/markdown-blocks';
import { CITATION_HREF, remarkCitations } from '../lib/remark-citations';
import { CitationChip } from './citation-chip';
import { CodeBlock } from './code-block';

const remarkPlugins = [remarkGfm, remarkCitations];
// rehype-highlight builds a highlighter and registers every language each time a block is parsed,
// which is every frame for a streaming block: one transformer, built once, is shared instead.
const highlight = rehypeHighlight({ languages: HIGHLIGHT_LANGUAGES, detect: false, plainText: ['text', 'txt'] });
const rehypePlugins: ComponentProps<typeof ReactMarkdown>['rehypePlugins'] = [() => highlight];

interface BlockProps {
  text: string;
  byNumber: Map<number, Citation>;
  onOpenCitation?: (citation: Citation) => void;
}

/**
 * One block of an answer. Raw HTML is never rendered (no rehype-raw): a `<script>` or an
 * `<img onerror>` in a model's reply or a document stays inert; react-markdown also blanks
 * `javascript:` URLs.
 */
const MarkdownBlock = memo(function MarkdownBlock({ text, byNumber, onOpenCitation }: BlockProps) {
  const components = useMemo<Components>(
    () => ({
      pre: CodeBlock,
      a: ({ href, children, node: _node, ...props }) => {
        if (href?.startsWith(CITATION_HREF)) {
          const number = Number(href.slice(CITATION_HREF.length));
          return <CitationChip number={number} citation={byNumber.get(number)} onOpen={onOpenCitation} />;
        }
        return (
          <a href={href} target="_blank" rel="noreferrer noopener" {...props}>
            {children}
          </a>
        );
      },
      table: ({ node: _node, ...props }) => (
        <div className="table-scroll">
          <table {...props} />
        </div>
      ),
    }),
    [byNumber, onOpenCitation],
  );
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components} skipHtml>
      {text}
    </ReactMarkdown>
  );
});

interface Props {
  text: string;
  citations?: Citation[];
  onOpenCitation?: (citation: Citation) => void;
}

/**
 * An answer as GitHub-flavoured Markdown with highlighted code and citation chips. Blocks are
 * rendered separately, so while an answer streams only its last block is parsed again per token.
 */
export function MarkdownAnswer({ text, citations = [], onOpenCitation }: Props) {
  const blocks = useMemo(() => markdownBlocks(text), [text]);
  // The same map object while the cited sources stay the same, so finished blocks are not rendered again per token.
  const stable = useRef<{ key: string; map: Map<number, Citation> }>(undefined);
  const computed = citationNumbers(text, citations);
  const key = [...computed].map(([number, citation]) => `${number}:${citation.chunkId}`).join(',');
  if (stable.current?.key !== key) stable.current = { key, map: computed };
  const byNumber = stable.current.map;
  return (
    <div className="markdown">
      {blocks.map((block, index) => (
        <MarkdownBlock key={index} text={block} byNumber={byNumber} onOpenCitation={onOpenCitation} />
      ))}
    </div>
  );
}
