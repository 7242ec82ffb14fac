import type { OfficeContentNode } from 'officeparser';
import type { SupportedFileType } from '@studio/shared';
import { ExtractionError } from '../../errors/extraction-error';
import type { ExtractedDocument, ExtractionOptions, TextSegment } from './extracted-document';

type OfficeType = Extract<SupportedFileType, 'docx' | 'pptx' | 'odt' | 'odp' | 'ods' | 'rtf' | 'html'>;

/**
 * DOCX, PPTX, ODT/ODP/ODS, RTF and HTML through officeparser's AST: slides keep their number
 * (speaker notes included), sheets their name, and text the heading it sits under.
 */
export async function extractOffice(
  bytes: Buffer,
  type: OfficeType,
  options: ExtractionOptions,
): Promise<ExtractedDocument> {
  const { parseOffice } = await import('officeparser');
  let content: OfficeContentNode[];
  try {
    const ast = await parseOffice(bytes, {
      fileType: type,
      ocr: false,
      outputErrorToConsole: false,
      decompressionLimits: { maxUncompressedBytes: options.maxUncompressedBytes, maxZipEntries: 10_000 },
    });
    content = ast.content;
  } catch (error) {
    throw new ExtractionError(
      'CORRUPT_FILE',
      `the ${type.toUpperCase()} file could not be read (${error instanceof Error ? error.message : 'unknown error'})`,
    );
  }
  const segments: TextSegment[] = [];
  let section: string | undefined;
  let pageCount = 0;
  let sheetIndex = 0;
  for (const node of content) {
    if (node.type === 'slide') {
      const slide = node.metadata?.slideNumber ?? pageCount + 1;
      pageCount = Math.max(pageCount, slide);
      push(segments, textOf(node), slide, `Slide ${slide}`);
      const notes = (node.notes ?? []).map(textOf).join('\n');
      push(segments, notes, slide, `Slide ${slide} notes`);
    } else if (node.type === 'sheet') {
      sheetIndex += 1;
      pageCount = sheetIndex;
      push(segments, textOf(node), sheetIndex, node.metadata?.sheetName ?? `Sheet ${sheetIndex}`);
    } else {
      if (node.type === 'heading') section = textOf(node).trim() || section;
      push(segments, textOf(node), undefined, section);
    }
  }
  return { type, segments, pageCount: pageCount || undefined };
}

function push(segments: TextSegment[], text: string, page: number | undefined, section: string | undefined): void {
  const trimmed = text.trim();
  if (trimmed) segments.push({ text: trimmed, page, section });
}

/** A node's text, building tables as "cell | cell" rows when the parser left the node text empty. */
function textOf(node: OfficeContentNode): string {
  if (node.text && node.text.trim() && node.type !== 'slide' && node.type !== 'sheet' && node.type !== 'table')
    return node.text;
  const children = node.children ?? [];
  const separator = node.type === 'row' ? ' | ' : '\n';
  return children
    .map(textOf)
    .filter((text) => text.trim() !== '')
    .join(separator);
}
