import { useEffect, useState, type PointerEvent, type RefObject, type WheelEvent } from 'react';

const MAX_ZOOM = 4;
const MAX_HEIGHT = 420;
const MIN_HEIGHT = 120;

/**
 * Fits a drawing of `width`×`height` into its frame (never wider than the panel), and lets the user
 * zoom (buttons, Ctrl+wheel) and pan (drag) when a large plan is too small to read at fit.
 * Returns the SVG `viewBox`, the frame's height, and handlers for the frame.
 */
export function usePanZoom(frame: RefObject<HTMLElement | null>, width: number, height: number) {
  const [frameWidth, setFrameWidth] = useState(0);
  const [zoom, setZoom] = useState(1);
  const [offset, setOffset] = useState({ x: 0, y: 0 });
  const [drag, setDrag] = useState<{ x: number; y: number; from: { x: number; y: number } }>();

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setFrameWidth(entry?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, [frame]);

  // At fit, the whole drawing shows: scaled down to the frame's width, or its height cap.
  const fitScale = frameWidth > 0 ? Math.min(1, frameWidth / width, MAX_HEIGHT / height) : 1;
  const frameHeight = Math.max(MIN_HEIGHT, Math.round(height * fitScale));
  const viewWidth = width / zoom;
  const viewHeight = height / zoom;
  const clamp = (next: { x: number; y: number }, scale = zoom) => ({
    x: Math.min(Math.max(0, next.x), width - width / scale),
    y: Math.min(Math.max(0, next.y), height - height / scale),
  });
  const zoomTo = (next: number) => {
    const scale = Math.min(MAX_ZOOM, Math.max(1, next));
    // Keep the centre of the view where it is.
    const centre = { x: offset.x + viewWidth / 2, y: offset.y + viewHeight / 2 };
    setZoom(scale);
    setOffset(clamp({ x: centre.x - width / scale / 2, y: centre.y - height / scale / 2 }, scale));
  };
  // Layout units per screen pixel, for turning a drag into a pan.
  const unitsPerPixel = frameWidth > 0 ? Math.max(viewWidth / frameWidth, viewHeight / frameHeight) : 1;

  return {
    zoom,
    height: frameHeight,
    viewBox: `${offset.x} ${offset.y} ${viewWidth} ${viewHeight}`,
    zoomIn: () => zoomTo(zoom * 1.5),
    zoomOut: () => zoomTo(zoom / 1.5),
    fit: () => {
      setZoom(1);
      setOffset({ x: 0, y: 0 });
    },
    handlers: {
      onWheel: (event: WheelEvent) => {
        if (!event.ctrlKey) return;
        event.preventDefault();
        zoomTo(zoom * (event.deltaY < 0 ? 1.2 : 1 / 1.2));
      },
      onPointerDown: (event: PointerEvent) => {
        if (zoom === 1 || event.button !== 0) return;
        (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
        setDrag({ x: event.clientX, y: event.clientY, from: offset });
      },
      onPointerMove: (event: PointerEvent) => {
        if (!drag) return;
        setOffset(
          clamp({
            x: drag.from.x - (event.clientX - drag.x) * unitsPerPixel,
            y: drag.from.y - (event.clientY - drag.y) * unitsPerPixel,
          }),
        );
      },
      onPointerUp: () => setDrag(undefined),
      onPointerCancel: () => setDrag(undefined),
    },
  };
}
