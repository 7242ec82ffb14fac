import type { ExtractedDocument, TextSegment } from './extracted-document';
import { decodeText } from './decode-text';

/** Markdown: each heading starts a section, so chunks cite the heading they sit under. */
export function extractMarkdown(bytes: Uint8Array): ExtractedDocument {
  const segments: TextSegment[] = [];
  let section: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text) segments.push({ text, section });
    lines = [];
  };
  for (const line of decodeText(bytes).split(/\r?\n/)) {
    const heading = line.match(/^#{1,6}\s+(.*?)\s*#*\s*$/);
    if (heading) {
      flush();
      section = heading[1] || section;
    }
    lines.push(line);
  }
  flush();
  return { type: 'md', segments };
}

/** Plain text: one segment; chunking splits it on paragraphs and sentences. */
export function extractPlainText(bytes: Uint8Array): ExtractedDocument {
  const text = decodeText(bytes).trim();
  return { type: 'txt', segments: text ? [{ text }] : [] };
}

/** CSV: rows as "a | b | c" lines, the header row repeated before every block of rows it labels. */
export function extractCsv(bytes: Uint8Array): ExtractedDocument {
  const rows = parseCsv(decodeText(bytes));
  const [header, ...body] = rows;
  if (!header) return { type: 'csv', segments: [] };
  const headerLine = header.join(' | ');
  const segments: TextSegment[] = [];
  for (let start = 0; start < Math.max(1, body.length); start += 40) {
    const block = body.slice(start, start + 40).map((row) => row.join(' | '));
    segments.push({
      text: [headerLine, ...block].join('\n'),
      section: `rows ${start + 2}-${start + 1 + Math.max(1, block.length)}`,
    });
  }
  return { type: 'csv', segments };
}

/** RFC 4180 fields: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const delimiter = detectDelimiter(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === delimiter) {
      row.push(field.trim());
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field.trim());
      if (row.some((cell) => cell !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  row.push(field.trim());
  if (row.some((cell) => cell !== '')) rows.push(row);
  return rows;
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const counts = [',', ';', '\t'].map((delimiter) => [delimiter, firstLine.split(delimiter).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]?.[0] ?? ',';
}
