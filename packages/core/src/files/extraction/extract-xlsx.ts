import type { CellValue } from 'exceljs';
import { ExtractionError } from '../../errors/extraction-error';
import type { ExtractedDocument, TextSegment } from './extracted-document';

const ROWS_PER_SEGMENT = 40;

/** Every sheet with its name; rows as "a | b | c" lines with the header row repeated per block. */
export async function extractXlsx(bytes: Buffer): Promise<ExtractedDocument> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new ExtractionError(
      'CORRUPT_FILE',
      `the workbook could not be read (${error instanceof Error ? error.message : 'unknown error'})`,
    );
  }
  const segments: TextSegment[] = [];
  workbook.worksheets.forEach((sheet, index) => {
    const lines: string[] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      const line = values
        .map((value) => cellText(value))
        .join(' | ')
        .replace(/(\s\|\s)+$/, '');
      if (line.trim()) lines.push(line);
    });
    const [header, ...body] = lines;
    if (!header) return;
    for (let start = 0; start < Math.max(1, body.length); start += ROWS_PER_SEGMENT) {
      const block = body.slice(start, start + ROWS_PER_SEGMENT);
      segments.push({ text: [header, ...block].join('\n'), page: index + 1, section: sheet.name });
    }
  });
  return { type: 'xlsx', segments, pageCount: workbook.worksheets.length };
}

function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().replace('T00:00:00.000Z', '');
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return cellText(value.result);
  if ('error' in value) return String(value.error);
  return '';
}
