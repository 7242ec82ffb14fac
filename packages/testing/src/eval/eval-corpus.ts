import { existsSync, readFileSync } from 'node:fs';
import { buildDocx, type DocSection } from '../documents/office';
import { buildPdf } from '../documents/pdf';
import { htmlToSections } from './html-sections';

const POSTGRES_HTML = '/usr/share/doc/postgresql-doc-15/html';
const PYTHON_HTML = '/usr/share/doc/python3.11/html';

/** Where each evaluation document comes from and the format it is uploaded in. */
interface CorpusSource {
  name: string;
  path: string;
  format: 'html' | 'pdf' | 'docx' | 'txt';
}

/**
 * Fourteen real documents that Debian ships and no one here wrote (postgresql-doc-15 and
 * python3.11-doc): HTML uploaded as it is, some pages converted to PDF and DOCX with the repo's
 * document builders, and two of Python's reStructuredText sources as plain text.
 */
const SOURCES: CorpusSource[] = [
  { name: 'pg_dump.html', path: `${POSTGRES_HTML}/app-pgdump.html`, format: 'html' },
  { name: 'pg_hba.conf.html', path: `${POSTGRES_HTML}/auth-pg-hba-conf.html`, format: 'html' },
  { name: 'routine-vacuuming.html', path: `${POSTGRES_HTML}/routine-vacuuming.html`, format: 'html' },
  { name: 'psql.html', path: `${POSTGRES_HTML}/app-psql.html`, format: 'html' },
  { name: 'resource-consumption.pdf', path: `${POSTGRES_HTML}/runtime-config-resource.html`, format: 'pdf' },
  { name: 'create-index.pdf', path: `${POSTGRES_HTML}/sql-createindex.html`, format: 'pdf' },
  { name: 'copy.docx', path: `${POSTGRES_HTML}/sql-copy.html`, format: 'docx' },
  { name: 'error-codes.docx', path: `${POSTGRES_HTML}/errcodes-appendix.html`, format: 'docx' },
  { name: 'json.html', path: `${PYTHON_HTML}/library/json.html`, format: 'html' },
  { name: 'errors-tutorial.html', path: `${PYTHON_HTML}/tutorial/errors.html`, format: 'html' },
  { name: 'subprocess.pdf', path: `${PYTHON_HTML}/library/subprocess.html`, format: 'pdf' },
  { name: 'pathlib.docx', path: `${PYTHON_HTML}/library/pathlib.html`, format: 'docx' },
  { name: 'shutil.txt', path: `${PYTHON_HTML}/_sources/library/shutil.rst.txt`, format: 'txt' },
  { name: 'venv.txt', path: `${PYTHON_HTML}/_sources/library/venv.rst.txt`, format: 'txt' },
];

/** One document of the evaluation corpus, ready to upload. */
export interface EvalDocument {
  name: string;
  /** The Debian file it was made from. */
  source: string;
  format: CorpusSource['format'];
  bytes: Buffer;
}

/** Whether the Debian documentation packages are installed (`apt-get install postgresql-doc-15 python3.11-doc`). */
export function evalCorpusAvailable(): boolean {
  return SOURCES.every((source) => existsSync(source.path));
}

/** The evaluation documents, built from the installed Debian documentation (throws if it is missing). */
export function buildEvalCorpus(): EvalDocument[] {
  return SOURCES.map((source) => {
    const raw = readFileSync(source.path);
    let bytes: Buffer = raw;
    if (source.format === 'pdf') bytes = sectionsToPdf(htmlToSections(raw.toString('utf8')));
    if (source.format === 'docx') bytes = buildDocx(htmlToSections(raw.toString('utf8')));
    return { name: source.name, source: source.path, format: source.format, bytes };
  });
}

// Helvetica 14 pt leaves room for about 70 characters a line: longer lines ran off the page and lost their ends.
const LINE_CHARS = 68;
const LINES_PER_PAGE = 36;

/** A PDF of the sections (Helvetica, WinAnsi: characters outside Latin-1 become their closest ASCII). */
function sectionsToPdf(sections: DocSection[]): Buffer {
  const lines: string[] = [];
  for (const section of sections) {
    if (section.heading) lines.push(toLatin1(section.heading));
    for (const paragraph of section.paragraphs) lines.push(...wrap(toLatin1(paragraph), LINE_CHARS), '');
  }
  const pages: { lines: string[] }[] = [];
  for (let start = 0; start < lines.length; start += LINES_PER_PAGE)
    pages.push({ lines: lines.slice(start, start + LINES_PER_PAGE) });
  return buildPdf(pages);
}

function toLatin1(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/[\u0100-\uFFFF]/g, '?');
}

/** Lines of at most `width` characters broken at spaces (a longer word stays whole). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
