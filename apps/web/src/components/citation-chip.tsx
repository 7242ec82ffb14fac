import type { Citation } from '@studio/shared';
import { citationPlace } from '../lib/citation-numbers';

/** An inline `[n]` of an answer: a small button opening the cited place, or plain text if it names no source. */
export function CitationChip({
  number,
  citation,
  onOpen,
}: {
  number: number;
  citation?: Citation;
  onOpen?: (citation: Citation) => void;
}) {
  if (!citation || !onOpen) return <span className="cite-plain">[{number}]</span>;
  return (
    <button
      type="button"
      className="cite-chip"
      data-citation={number}
      aria-label={`Source ${number}: ${citationPlace(citation)}`}
      title={citationPlace(citation)}
      onClick={() => onOpen(citation)}
    >
      {number}
    </button>
  );
}
