import type { DocSection } from '../documents/office';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', para: '' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The page's own content: Debian's PostgreSQL pages sit between navheader and navfooter, Sphinx's in div.body. */
function mainContent(html: string): string {
  const sphinx = html.indexOf('<div class="body" role="main">');
  if (sphinx !== -1) {
    const end = html.indexOf('<div class="sphinxsidebar"', sphinx);
    return html.slice(sphinx, end === -1 ? undefined : end);
  }
  const header = html.indexOf('<div class="navheader">');
  const start = header === -1 ? 0 : html.indexOf('</div>', header);
  const end = html.indexOf('<div class="navfooter">');
  return html.slice(Math.max(0, start), end === -1 ? undefined : end);
}

/** Inline HTML to one line of text. */
function inlineText(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, ''))
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
}

/**
 * A documentation page's text as titled sections, to be written into a DOCX or PDF: headings (h1–h4)
 * start sections, block elements become paragraphs, `<pre>` keeps its lines.
 */
export function htmlToSections(html: string): DocSection[] {
  const body = mainContent(html)
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<a class="headerlink"[\s\S]*?<\/a>/gi, '')
    // Table cells on one row stay one paragraph, with the cells apart ("23505 unique_violation").
    .replace(/<\/t[dh]>/gi, ' ');
  const sections: DocSection[] = [];
  let current: DocSection = { heading: '', paragraphs: [] };
  const pieces = body.split(/(<h[1-4][^>]*>[\s\S]*?<\/h[1-4]>|<pre[^>]*>[\s\S]*?<\/pre>)/i);
  for (const piece of pieces) {
    if (/^<h[1-4]/i.test(piece)) {
      if (current.heading || current.paragraphs.length > 0) sections.push(current);
      current = { heading: inlineText(piece), paragraphs: [] };
    } else if (/^<pre/i.test(piece)) {
      const lines = decodeEntities(piece.replace(/<[^>]+>/g, ''))
        .split('\n')
        .map((line) => line.trimEnd())
        .filter((line) => line.trim() !== '');
      current.paragraphs.push(...lines);
    } else {
      for (const block of piece.split(/<\/?(?:p|div|li|dt|dd|tr|table|ul|ol|dl|br|section|blockquote)\b[^>]*>/i)) {
        const text = inlineText(block);
        if (text) current.paragraphs.push(text);
      }
    }
  }
  if (current.heading || current.paragraphs.length > 0) sections.push(current);
  return sections;
}
