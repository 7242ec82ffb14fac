import { buildDocx, buildOdp, buildOds, buildOdt, buildPdf, buildPptx, buildRtf, buildXlsx } from '@studio/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleLogger } from '../logger';
import { createStudio, type Studio } from '../studio';
import { pngToJpeg, pngToRgb, renderTextPng } from './test-support/render-text-image';

let studio: Studio;
let dataDir: string;
const uploaded = new Map<string, string>();

const filler = (topic: string) =>
  `This paragraph talks about ${topic} in general terms. It exists so that the chunker has real sentences to split.`;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'studio-formats-'));
  studio = await createStudio({ dataDir, logger: createConsoleLogger('silent'), watchConfig: false });
  const scan = await renderTextPng(['Scanned invoice number 58213', 'Total due 940 dollars']);
  const fixtures: Record<string, Uint8Array> = {
    'report.pdf': buildPdf([
      { lines: ['Quarterly report, introduction page.', filler('finance')] },
      { lines: ['The reactor code is PDF-7781-K on this page.'] },
      { lines: ['Closing remarks and signatures.'] },
    ]),
    'scanned.pdf': buildPdf([
      { lines: ['Cover page of a scanned archive document.'] },
      { image: await pngToRgb(scan) },
    ]),
    'memo.docx': buildDocx([
      { heading: 'Background', paragraphs: [filler('history')] },
      { heading: 'Decision', paragraphs: ['The approved vendor code is DOCX-3390-B.'] },
    ]),
    'deck.pptx': buildPptx([
      { title: 'Welcome', body: ['Agenda for today'], notes: 'Speaker reminder NOTES-5521 before the demo.' },
      { title: 'Roadmap', body: ['Milestone PPTX-6612-R ships in spring.'] },
    ]),
    'ledger.xlsx': buildXlsx([
      {
        name: 'Summary',
        rows: [
          ['Quarter', 'Revenue'],
          ['Q1', 100],
        ],
      },
      {
        name: 'Inventory',
        rows: [
          ['Part', 'Count'],
          ['XLSX-8123-W widget', 42],
        ],
      },
    ]),
    'notes.odt': buildOdt([
      { heading: 'Preface', paragraphs: [filler('method')] },
      { heading: 'Findings', paragraphs: ['Sample ODT-4410-F was contaminated.'] },
    ]),
    'talk.odp': buildOdp([
      { title: 'Opening', body: ['Hello'] },
      { title: 'Details', body: ['Prototype ODP-2290-P is ready.'] },
    ]),
    'grid.ods': buildOds([
      { name: 'Front', rows: [['a', 1]] },
      { name: 'Stock', rows: [['ODS-1177-S crate', 7]] },
    ]),
    'letter.rtf': buildRtf(['Dear reader,', 'The parcel RTF-6060-L arrived safely.']),
    'page.html': Buffer.from(
      '<!doctype html><html><body><h1>Status</h1><p>Ticket HTML-7070-T is closed.</p></body></html>',
    ),
    // Debian's PostgreSQL pages are XHTML: an XML declaration before the doctype.
    'xhtml.html': Buffer.from(
      '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Ticket XHTML-4242-X is open.</p></body></html>',
    ),
    'guide.md': Buffer.from(
      `# Setup\n\n${filler('installation')}\n\n## Troubleshooting\n\nError MD-9091-E means the port is busy.\n`,
    ),
    'plain.txt': Buffer.from(`${filler('nothing')}\n\nThe locker combination is TXT-3141-C.\n`),
    'table.csv': Buffer.from('name,code,amount\nalpha,CSV-2718-A,10\nbeta,other,20\n'),
    'scan.png': scan,
    'photo.jpg': await pngToJpeg(await renderTextPng(['Receipt number 77345', 'Thank you'])),
  };
  for (const [name, bytes] of Object.entries(fixtures)) {
    const record = await studio.files.upload({ name, source: { bytes } });
    expect(record.status).toBe('pending');
    uploaded.set(name, record.fileId);
  }
  await studio.files.whenIdle();
}, 120_000);

afterAll(async () => {
  await studio?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('every supported format becomes searchable with its citation', () => {
  it('completes every file', async () => {
    for (const [name, fileId] of uploaded) {
      const status = await studio.files.status(fileId);
      expect({ name, status: status.status, error: status.error }).toEqual({
        name,
        status: 'completed',
        error: undefined,
      });
      expect(status.chunkCount).toBeGreaterThan(0);
    }
  });

  const cases: [string, string, { page?: number; section?: string }][] = [
    ['report.pdf', 'PDF-7781-K', { page: 2 }],
    ['memo.docx', 'DOCX-3390-B', { section: 'Decision' }],
    ['deck.pptx', 'PPTX-6612-R', { page: 2, section: 'Slide 2' }],
    ['deck.pptx', 'NOTES-5521', { page: 1, section: 'Slide 1 notes' }],
    ['ledger.xlsx', 'XLSX-8123-W', { page: 2, section: 'Inventory' }],
    ['notes.odt', 'ODT-4410-F', { section: 'Findings' }],
    ['talk.odp', 'ODP-2290-P', { page: 2, section: 'Slide 2' }],
    ['grid.ods', 'ODS-1177-S', { page: 2, section: 'Stock' }],
    ['letter.rtf', 'RTF-6060-L', {}],
    ['page.html', 'HTML-7070-T', {}],
    ['xhtml.html', 'XHTML-4242-X', {}],
    ['guide.md', 'MD-9091-E', { section: 'Troubleshooting' }],
    ['plain.txt', 'TXT-3141-C', {}],
    ['table.csv', 'CSV-2718-A', {}],
  ];
  it.each(cases)('%s: "%s" is found with its page/section', async (name, code, where) => {
    const hits = await studio.files.search({ query: `where is ${code} mentioned?`, k: 3 });
    const top = hits[0];
    expect(top?.fileName).toBe(name);
    expect(top?.text).toContain(code);
    if (where.page !== undefined) expect(top?.page).toBe(where.page);
    if (where.section !== undefined) expect(top?.section).toBe(where.section);
  });

  it('reads images and image-only PDF pages through OCR', async () => {
    const png = await studio.files.search({ query: '58213', fileIds: [uploaded.get('scan.png') ?? ''], k: 1 });
    expect(png[0]?.text).toMatch(/58213/);
    const jpeg = await studio.files.search({ query: 'receipt 77345', k: 3 });
    expect(jpeg[0]?.fileName).toBe('photo.jpg');
    expect(jpeg[0]?.text).toMatch(/77345/);
    const scanned = await studio.files.search({
      query: 'invoice 58213',
      fileIds: [uploaded.get('scanned.pdf') ?? ''],
      k: 1,
    });
    expect(scanned[0]?.page).toBe(2);
    expect(scanned[0]?.text).toMatch(/58213/);
    expect((await studio.files.status(uploaded.get('scanned.pdf') ?? '')).pageCount).toBe(2);
  });
});
