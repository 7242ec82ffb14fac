import type { Citation } from '@studio/shared';
import { citationPlace } from '../lib/citation-numbers';

/** The sources of an answer; each opens the cited passage. */
export function CitationList({ citations, onOpen }: { citations: Citation[]; onOpen: (citation: Citation) => void }) {
  if (citations.length === 0) return null;
  return (
    <div className="citations">
      <span className="muted small">Sources</span>
      <ul className="chips" aria-label="Sources">
        {citations.map((citation, index) => (
          <li key={`${citation.chunkId}-${index}`}>
            <button type="button" className="chip citation" onClick={() => onOpen(citation)} title={citation.snippet}>
              <span className="cite-number" aria-hidden="true">
                {citation.number ?? index + 1}
              </span>
              <span>{citationPlace(citation)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
