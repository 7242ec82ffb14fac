import type { FilePassageOutput } from '@studio/shared';
import { useEffect, useRef } from 'react';
import { stitchPassage } from '../lib/stitch-passage';

/** A cited chunk inside the text around it (its neighbouring chunks), the cited part marked and scrolled to. */
export function PassageContext({ passage }: { passage: FilePassageOutput }) {
  const { before, cited, after } = stitchPassage(passage);
  const mark = useRef<HTMLElement>(null);
  useEffect(() => {
    mark.current?.scrollIntoView({ block: 'center' });
  }, [passage.chunk.chunkId]);
  return (
    <div className="passage-context">
      {before ? <span className="passage-around">{before} </span> : null}
      <mark ref={mark} className="passage-cited">
        {cited}
      </mark>
      {after ? <span className="passage-around"> {after}</span> : null}
    </div>
  );
}
