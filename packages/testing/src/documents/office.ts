import { buildZip, buildZipWithHugeEntry, type ZipEntry } from './zip';

/** A titled section of a generated document. */
export interface DocSection {
  heading: string;
  paragraphs: string[];
}

/** A generated slide: title, body lines and optional speaker notes. */
export interface SlideSpec {
  title: string;
  body: string[];
  notes?: string;
}

/** A generated sheet: its name and rows of cells. */
export interface SheetSpec {
  name: string;
  rows: (string | number)[][];
}

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const header = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';

function docxEntries(sections: DocSection[]): ZipEntry[] {
  const body = sections
    .map(
      (section) =>
        `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>${xml(section.heading)}</w:t></w:r></w:p>` +
        section.paragraphs.map((text) => `<w:p><w:r><w:t xml:space="preserve">${xml(text)}</w:t></w:r></w:p>`).join(''),
    )
    .join('');
  return [
    {
      name: '[Content_Types].xml',
      data: `${header}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `${header}<Relationships xmlns="${PKG_RELS}"><Relationship Id="rId1" Type="${DOC_REL}" Target="word/document.xml"/></Relationships>`,
    },
    {
      name: 'word/_rels/document.xml.rels',
      data: `${header}<Relationships xmlns="${PKG_RELS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    },
    {
      name: 'word/styles.xml',
      data: `${header}<w:styles xmlns:w="${W}"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style></w:styles>`,
    },
    {
      name: 'word/document.xml',
      data: `${header}<w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}</w:body></w:document>`,
    },
  ];
}

/** A DOCX with one Heading 1 per section. */
export function buildDocx(sections: DocSection[]): Buffer {
  return buildZip(docxEntries(sections));
}

/** A valid DOCX plus an extra part that inflates to `expandedBytes`: a zip bomb. */
export function buildDocxBomb(expandedBytes: number): Promise<Buffer> {
  return buildZipWithHugeEntry(
    docxEntries([{ heading: 'Bomb', paragraphs: ['small'] }]),
    'word/media/padding.xml',
    expandedBytes,
  );
}

/** A PPTX with a title and body per slide and optional speaker notes. */
export function buildPptx(slides: SlideSpec[]): Buffer {
  const P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
  const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
  const shape = (id: number, lines: string[]) =>
    `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="Text ${id}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>${lines
      .map((line) => `<a:p><a:r><a:t>${xml(line)}</a:t></a:r></a:p>`)
      .join('')}</p:txBody></p:sp>`;
  const entries: ZipEntry[] = [];
  const overrides: string[] = [
    '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>',
  ];
  const presentationRels: string[] = [];
  const slideIds: string[] = [];
  slides.forEach((slide, index) => {
    const number = index + 1;
    overrides.push(
      `<Override PartName="/ppt/slides/slide${number}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>`,
    );
    presentationRels.push(
      `<Relationship Id="rId${number}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide${number}.xml"/>`,
    );
    slideIds.push(`<p:sldId id="${255 + number}" r:id="rId${number}"/>`);
    entries.push({
      name: `ppt/slides/slide${number}.xml`,
      data: `${header}<p:sld xmlns:p="${P}" xmlns:a="${A}" xmlns:r="${R}"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${shape(2, [slide.title])}${shape(3, slide.body)}</p:spTree></p:cSld></p:sld>`,
    });
    if (slide.notes) {
      overrides.push(
        `<Override PartName="/ppt/notesSlides/notesSlide${number}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"/>`,
      );
      entries.push({
        name: `ppt/slides/_rels/slide${number}.xml.rels`,
        data: `${header}<Relationships xmlns="${PKG_RELS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide" Target="../notesSlides/notesSlide${number}.xml"/></Relationships>`,
      });
      entries.push({
        name: `ppt/notesSlides/notesSlide${number}.xml`,
        data: `${header}<p:notes xmlns:p="${P}" xmlns:a="${A}" xmlns:r="${R}"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes"/><p:cNvSpPr/><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>${xml(slide.notes)}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:notes>`,
      });
    }
  });
  entries.unshift(
    {
      name: '[Content_Types].xml',
      data: `${header}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`,
    },
    {
      name: '_rels/.rels',
      data: `${header}<Relationships xmlns="${PKG_RELS}"><Relationship Id="rId1" Type="${DOC_REL}" Target="ppt/presentation.xml"/></Relationships>`,
    },
    {
      name: 'ppt/_rels/presentation.xml.rels',
      data: `${header}<Relationships xmlns="${PKG_RELS}">${presentationRels.join('')}</Relationships>`,
    },
    {
      name: 'ppt/presentation.xml',
      data: `${header}<p:presentation xmlns:p="${P}" xmlns:a="${A}" xmlns:r="${R}"><p:sldIdLst>${slideIds.join('')}</p:sldIdLst></p:presentation>`,
    },
  );
  return buildZip(entries);
}

/** An XLSX with inline-string and number cells, one worksheet per sheet. */
export function buildXlsx(sheets: SheetSpec[]): Buffer {
  const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const column = (index: number) => String.fromCharCode(65 + index);
  const entries: ZipEntry[] = [
    {
      name: '[Content_Types].xml',
      data: `${header}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets
        .map(
          (_, index) =>
            `<Override PartName="/xl/worksheets/sheet${index + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join('')}</Types>`,
    },
    {
      name: '_rels/.rels',
      data: `${header}<Relationships xmlns="${PKG_RELS}"><Relationship Id="rId1" Type="${DOC_REL}" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `${header}<Relationships xmlns="${PKG_RELS}">${sheets
        .map(
          (_, index) =>
            `<Relationship Id="rId${index + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`,
        )
        .join('')}</Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `${header}<workbook xmlns="${S}" xmlns:r="${R}"><sheets>${sheets
        .map((sheet, index) => `<sheet name="${xml(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`)
        .join('')}</sheets></workbook>`,
    },
    ...sheets.map((sheet, index) => ({
      name: `xl/worksheets/sheet${index + 1}.xml`,
      data: `${header}<worksheet xmlns="${S}"><sheetData>${sheet.rows
        .map(
          (row, rowIndex) =>
            `<row r="${rowIndex + 1}">${row
              .map((cell, cellIndex) =>
                typeof cell === 'number'
                  ? `<c r="${column(cellIndex)}${rowIndex + 1}"><v>${cell}</v></c>`
                  : `<c r="${column(cellIndex)}${rowIndex + 1}" t="inlineStr"><is><t>${xml(cell)}</t></is></c>`,
              )
              .join('')}</row>`,
        )
        .join('')}</sheetData></worksheet>`,
    })),
  ];
  return buildZip(entries);
}

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2"';

function odf(mime: string, body: string): Buffer {
  return buildZip([
    { name: 'mimetype', data: mime, stored: true },
    {
      name: 'META-INF/manifest.xml',
      data: `${header}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="${mime}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
    },
    {
      name: 'content.xml',
      data: `${header}<office:document-content ${ODF_NS}><office:body>${body}</office:body></office:document-content>`,
    },
  ]);
}

/** An ODT with one level-1 heading per section. */
export function buildOdt(sections: DocSection[]): Buffer {
  return odf(
    'application/vnd.oasis.opendocument.text',
    `<office:text>${sections
      .map(
        (section) =>
          `<text:h text:outline-level="1">${xml(section.heading)}</text:h>${section.paragraphs.map((text) => `<text:p>${xml(text)}</text:p>`).join('')}`,
      )
      .join('')}</office:text>`,
  );
}

/** An ODP with one draw:page per slide. */
export function buildOdp(slides: SlideSpec[]): Buffer {
  return odf(
    'application/vnd.oasis.opendocument.presentation',
    `<office:presentation>${slides
      .map(
        (slide, index) =>
          `<draw:page draw:name="page${index + 1}"><draw:frame><draw:text-box><text:p>${xml(slide.title)}</text:p>${slide.body
            .map((line) => `<text:p>${xml(line)}</text:p>`)
            .join(
              '',
            )}</draw:text-box></draw:frame>${slide.notes ? `<presentation:notes><draw:frame><draw:text-box><text:p>${xml(slide.notes)}</text:p></draw:text-box></draw:frame></presentation:notes>` : ''}</draw:page>`,
      )
      .join('')}</office:presentation>`,
  );
}

/** An ODS with one table per sheet. */
export function buildOds(sheets: SheetSpec[]): Buffer {
  return odf(
    'application/vnd.oasis.opendocument.spreadsheet',
    `<office:spreadsheet>${sheets
      .map(
        (sheet) =>
          `<table:table table:name="${xml(sheet.name)}">${sheet.rows
            .map(
              (row) =>
                `<table:table-row>${row
                  .map((cell) =>
                    typeof cell === 'number'
                      ? `<table:table-cell office:value-type="float" office:value="${cell}"><text:p>${cell}</text:p></table:table-cell>`
                      : `<table:table-cell office:value-type="string"><text:p>${xml(cell)}</text:p></table:table-cell>`,
                  )
                  .join('')}</table:table-row>`,
            )
            .join('')}</table:table>`,
      )
      .join('')}</office:spreadsheet>`,
  );
}

/** A small RTF document, one paragraph per entry. */
export function buildRtf(paragraphs: string[]): Buffer {
  const escape = (text: string) => text.replace(/[\\{}]/g, (char) => `\\${char}`);
  return Buffer.from(
    `{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Helvetica;}}\\f0\\fs24 ${paragraphs.map((text) => `${escape(text)}\\par`).join('\n')}\n}`,
    'latin1',
  );
}
