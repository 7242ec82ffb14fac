import { deflateSync } from 'node:zlib';

/** One page of a generated PDF: lines of text, or an RGB image drawn over the whole page. */
export type PdfPage = { lines: string[] } | { image: { width: number; height: number; rgb: Buffer } };

export interface PdfOptions {
  /** Adds a Standard Security Handler dictionary, so readers ask for a password. */
  encrypted?: boolean;
}

/**
 * Writes a small, valid PDF (Helvetica text or one image per page) with a correct xref table.
 * Enough for parsers, renderers and OCR tests without committing binaries.
 */
export function buildPdf(pages: PdfPage[], options: PdfOptions = {}): Buffer {
  const objects: Buffer[] = [];
  const add = (body: string | Buffer): number => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    return objects.length;
  };
  const catalogId = add('');
  const pagesId = add('');
  const fontId = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const pageIds: number[] = [];
  for (const page of pages) {
    let content: string;
    let resources: string;
    if ('lines' in page) {
      const ops = page.lines.map(
        (line, index) => `BT /F1 14 Tf 56 ${760 - index * 20} Td (${escapePdfText(line)}) Tj ET`,
      );
      content = ops.join('\n');
      resources = `<< /Font << /F1 ${fontId} 0 R >> >>`;
    } else {
      const { width, height, rgb } = page.image;
      const data = deflateSync(rgb);
      const imageId = add(
        Buffer.concat([
          Buffer.from(
            `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
            'latin1',
          ),
          data,
          Buffer.from('\nendstream', 'latin1'),
        ]),
      );
      content = `q 612 0 0 ${Math.round((612 * height) / width)} 0 ${792 - Math.round((612 * height) / width)} cm /Im1 Do Q`;
      resources = `<< /XObject << /Im1 ${imageId} 0 R >> >>`;
    }
    const contentId = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 612 792] /Resources ${resources} /Contents ${contentId} 0 R >>`,
      ),
    );
  }
  objects[catalogId - 1] = Buffer.from(`<< /Type /Catalog /Pages ${pagesId} 0 R >>`, 'latin1');
  objects[pagesId - 1] = Buffer.from(
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`,
    'latin1',
  );
  const encryptId = options.encrypted
    ? add(`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${'6f'.repeat(32)}> /U <${'75'.repeat(32)}> >>`)
    : undefined;

  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]?.length ?? 0;
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(offset);
    const chunk = Buffer.concat([
      Buffer.from(`${index + 1} 0 obj\n`, 'latin1'),
      body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((value) => `${String(value).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root ${catalogId} 0 R${encryptId ? ` /Encrypt ${encryptId} 0 R /ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>]` : ''} >>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\n');
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

function escapePdfText(text: string): string {
  return text.replace(/[\\()]/g, (char) => `\\${char}`);
}
