import { useEffect, useRef, useState } from 'react';
import { loadPdf } from '../lib/pdf-document';
import { itemsHolding } from '../lib/pdf-highlight';
import { Spinner } from './spinner';

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

/** The real page of a PDF, drawn by pdf.js from the original, with the cited passage marked over it. */
export default function PdfPageView({
  fileId,
  pageNumber,
  passage,
  width,
}: {
  fileId: string;
  pageNumber: number;
  passage: string;
  width: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [boxes, setBoxes] = useState<Box[]>([]);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [error, setError] = useState<string>();
  const [size, setSize] = useState({ width, height: 0 });

  useEffect(() => {
    let cancelled = false;
    let cancelRender: (() => void) | undefined;
    setState('loading');
    (async () => {
      const pdf = await loadPdf(fileId);
      const page = await pdf.getPage(Math.min(Math.max(1, pageNumber), pdf.numPages));
      const scale = width / page.getViewport({ scale: 1 }).width;
      const viewport = page.getViewport({ scale });
      const element = canvas.current;
      if (cancelled || !element) return;
      const ratio = window.devicePixelRatio || 1;
      element.width = Math.floor(viewport.width * ratio);
      element.height = Math.floor(viewport.height * ratio);
      setSize({ width: viewport.width, height: viewport.height });
      const task = page.render({
        canvas: element,
        viewport,
        transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
      });
      cancelRender = () => task.cancel();
      const content = await page.getTextContent();
      const items: TextItemLike[] = content.items.flatMap((item) => ('str' in item ? [item] : []));
      const marked = itemsHolding(items, passage).flatMap((index) => {
        const item = items[index];
        if (!item) return [];
        const [x = 0, y = 0] = item.transform.slice(4);
        const height = item.height || Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0);
        const [x1 = 0, y1 = 0] = viewport.convertToViewportPoint(x, y) as number[];
        const [x2 = 0, y2 = 0] = viewport.convertToViewportPoint(x + item.width, y + height) as number[];
        return [
          {
            left: Math.min(x1, x2) - 2,
            top: Math.min(y1, y2) - 2,
            width: Math.abs(x2 - x1) + 4,
            height: Math.abs(y2 - y1) + 4,
          },
        ];
      });
      await task.promise;
      if (cancelled) return;
      setBoxes(marked);
      setState('ready');
    })().catch((failure: unknown) => {
      if (cancelled) return;
      setError(failure instanceof Error ? failure.message : String(failure));
      setState('failed');
    });
    return () => {
      cancelled = true;
      cancelRender?.();
    };
  }, [fileId, pageNumber, passage, width]);

  return (
    <div className="pdf-page" data-state={state} data-highlights={boxes.length}>
      {state === 'loading' ? <Spinner label="Drawing the page…" /> : null}
      {state === 'failed' ? <p className="field-error">{error}</p> : null}
      <div className="pdf-page-sheet" style={{ width: size.width, height: size.height || undefined }}>
        <canvas
          ref={canvas}
          style={{ width: size.width, height: size.height || undefined }}
          role="img"
          aria-label={`Page ${pageNumber}`}
        />
        {boxes.map((box, index) => (
          <mark key={index} className="pdf-highlight" style={box} aria-hidden="true" />
        ))}
      </div>
    </div>
  );
}
