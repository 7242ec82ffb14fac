import { buildPdf } from '@studio/testing';

/** Renders lines of text to a PNG by drawing a generated PDF page (pure JS: pdf.js + napi canvas). */
export async function renderTextPng(lines: string[]): Promise<Buffer> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(buildPdf([{ lines }])) });
  try {
    const shot = await parser.getScreenshot({ scale: 2, imageBuffer: true, imageDataUrl: false });
    const data = shot.pages[0]?.data;
    if (!data) throw new Error('the page did not render');
    return Buffer.from(data);
  } finally {
    await parser.destroy();
  }
}

/** Re-encodes a PNG as JPEG. */
export async function pngToJpeg(png: Buffer): Promise<Buffer> {
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  return canvas.encode('jpeg', 92);
}

/** Decodes a PNG to packed RGB, for embedding as a PDF image (a "scanned" page). */
export async function pngToRgb(png: Buffer): Promise<{ width: number; height: number; rgb: Buffer }> {
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const rgba = context.getImageData(0, 0, image.width, image.height).data;
  const rgb = Buffer.alloc(image.width * image.height * 3);
  for (let pixel = 0, out = 0; pixel < rgba.length; pixel += 4, out += 3) {
    rgb[out] = rgba[pixel] ?? 255;
    rgb[out + 1] = rgba[pixel + 1] ?? 255;
    rgb[out + 2] = rgba[pixel + 2] ?? 255;
  }
  return { width: image.width, height: image.height, rgb };
}
