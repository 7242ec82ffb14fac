import type { ExtractedDocument, TextSegment } from './extracted-document';
import { decodeText } from './decode-text';
import { decodeEntities } from './html-entities';

/** Elements that end a line of text: their content is a paragraph, a list item, a row, a heading. */
const BLOCKS = new Set(
  'address article aside blockquote body br caption dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main ol p pre section summary table tbody tfoot thead tr ul'.split(
    ' ',
  ),
);
/** Table cells stay on their row's line, apart from each other. */
const CELLS = new Set(['td', 'th']);
/** Elements whose content is not text a reader reads. */
const SKIPPED = new Set(
  'button head iframe math nav noscript object script select style svg template textarea'.split(' '),
);
/** Elements whose content is raw text: never parsed for tags. */
const RAW = new Set(['script', 'style', 'textarea']);
/** Void elements: they have no closing tag, so they never open a skipped region. */
const VOID = new Set('area base br col embed hr img input link meta param source track wbr'.split(' '));
/**
 * Page chrome of the documentation generators most manuals come from (Sphinx, DocBook, MkDocs):
 * navigation bars, sidebars and the "¶" links beside headings, marked by class or role.
 */
const CHROME_CLASSES =
  /(?:^|\s)(?:headerlink|navheader|navfooter|sphinxsidebar|related|md-sidebar|md-header|md-footer|toc-backref)(?:\s|$)/;
const CHROME_ROLES = /^(?:navigation|search|banner|contentinfo)$/;
/** Boxes whose heading ("Note", "Warning") labels the box only: the text after them is still the section's. */
const ASIDE_CLASSES = /(?:^|\s)(?:note|warning|tip|caution|important|admonition|sidebar)(?:\s|$)/;
const CONTAINERS = new Set(['div', 'aside', 'section', 'blockquote']);

const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)\]\]>|<[!?][^>]*>|<\/([a-zA-Z][\w:-]*)\s*>|<([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|[^<]+|</g;

/**
 * HTML to text segments with block and inline elements told apart: inline markup joins its text
 * exactly as a browser shows it (`<code>python</code> -m <code>json.tool</code>` stays
 * "python -m json.tool", `<code>VACUUM</code>:` stays "VACUUM:"), blocks end lines, `<pre>` keeps
 * its lines and spaces, headings start sections, and scripts, styles and navigation are left out.
 * Replaces a general office parser for HTML, which glued or split words around inline elements.
 */
export function extractHtml(bytes: Uint8Array): ExtractedDocument {
  const html = decodeText(bytes);
  const segments: TextSegment[] = [];
  let section: string | undefined;
  let lines: string[] = [];
  let line = '';
  let pre = 0;
  /** The tag name and nesting depth of the skipped element we are inside, if any. */
  let skipping: { name: string; depth: number } | undefined;
  /** Open containers, each marked when it is a note or warning box. */
  const containers: boolean[] = [];
  let heading: string | undefined;
  let headingLabelsAside = false;

  const endLine = () => {
    const text = pre > 0 ? line.replace(/\s+$/u, '') : line.replace(/\s+/gu, ' ').trim();
    if (text) lines.push(text);
    line = '';
  };
  const flush = () => {
    endLine();
    const text = lines.join('\n');
    if (text.trim()) segments.push({ text, section });
    lines = [];
  };

  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(html); match; match = TOKEN.exec(html)) {
    const [whole, cdata, closing, opening, attributes = ''] = match;
    const closeName = closing?.toLowerCase();
    const openName = opening?.toLowerCase();
    if (skipping) {
      if (openName === skipping.name && !whole.endsWith('/>')) skipping.depth += 1;
      if (closeName === skipping.name) skipping.depth -= 1;
      if (skipping.depth === 0) skipping = undefined;
      continue;
    }
    if (openName) {
      if (RAW.has(openName)) {
        // Jump past the raw text (a "<" inside a script is not a tag).
        const end = html.toLowerCase().indexOf(`</${openName}`, TOKEN.lastIndex);
        TOKEN.lastIndex = end === -1 ? html.length : end;
        skipping = { name: openName, depth: 1 };
        continue;
      }
      if (!VOID.has(openName) && !whole.endsWith('/>') && isSkipped(openName, attributes)) {
        skipping = { name: openName, depth: 1 };
        continue;
      }
      if (CONTAINERS.has(openName) && !whole.endsWith('/>')) containers.push(ASIDE_CLASSES.test(classesOf(attributes)));
      if (/^h[1-6]$/.test(openName)) {
        headingLabelsAside = containers.includes(true);
        if (headingLabelsAside) endLine();
        else flush();
        heading = '';
      } else if (openName === 'pre') {
        endLine();
        pre += 1;
      } else if (BLOCKS.has(openName)) endLine();
      else if (CELLS.has(openName) && line.trim()) line += ' | ';
      continue;
    }
    if (closeName) {
      if (/^h[1-6]$/.test(closeName) && heading !== undefined) {
        const title = heading.replace(/\s+/gu, ' ').trim();
        if (title && !headingLabelsAside) section = title;
        heading = undefined;
        line = title;
        endLine();
      } else if (CONTAINERS.has(closeName)) {
        containers.pop();
        endLine();
      } else if (closeName === 'pre') {
        endLine();
        pre = Math.max(0, pre - 1);
      } else if (BLOCKS.has(closeName)) endLine();
      continue;
    }
    if (whole.startsWith('<!') && cdata === undefined) continue;
    if (whole.startsWith('<?')) continue;
    const text = cdata ?? decodeEntities(whole);
    if (heading !== undefined) heading += text;
    else if (pre > 0) {
      const [first = '', ...rest] = text.replace(/\r\n?/g, '\n').split('\n');
      line += first;
      for (const next of rest) {
        endLine();
        line = next;
      }
    } else line += text;
  }
  flush();
  return { type: 'html', segments };
}

function isSkipped(name: string, attributes: string): boolean {
  if (SKIPPED.has(name)) return true;
  if (!attributes) return false;
  const role = /\brole\s*=\s*["']?([\w-]+)/i.exec(attributes)?.[1];
  if (role && CHROME_ROLES.test(role.toLowerCase())) return true;
  if (/\shidden(?:\s|=|$)/i.test(attributes)) return true;
  return CHROME_CLASSES.test(classesOf(attributes));
}

function classesOf(attributes: string): string {
  const classes = /\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes);
  return classes?.[1] ?? classes?.[2] ?? classes?.[3] ?? '';
}
