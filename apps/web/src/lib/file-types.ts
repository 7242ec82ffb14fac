/** What people call a file type, instead of its MIME type. */
const NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint deck',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument presentation',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
  'application/rtf': 'Rich text',
  'text/rtf': 'Rich text',
  'text/html': 'Web page',
  'text/markdown': 'Markdown',
  'text/plain': 'Text',
  'text/csv': 'CSV table',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'image/tiff': 'TIFF image',
  'image/webp': 'WebP image',
};

export function friendlyType(mimeType: string, fileName = ''): string {
  const known = NAMES[mimeType.split(';')[0]?.trim() ?? ''];
  if (known) return known;
  const extension = /\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1];
  return extension ? `${extension.toUpperCase()} file` : 'File';
}

/** "12 pages", "1 slide", "3 sheets": what the format's pages are called. */
export function pageCountLabel(mimeType: string, count: number): string {
  const unit = mimeType.includes('presentation') ? 'slide' : mimeType.includes('spreadsheet') ? 'sheet' : 'page';
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
