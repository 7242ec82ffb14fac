import { buildDocx, buildPdf, buildPptx, buildXlsx } from '@studio/testing';
import { describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium';
import { addFile, useHarness, type Harness } from './support/harness';

const handbook = buildPdf([
  { lines: ['Welcome to Acme.', 'The office opens at nine and the canteen serves lunch from noon.'] },
  { lines: ['Leaving the company.', 'Employees must give a notice period of thirty days before leaving Acme.'] },
]);

const manual = buildDocx([
  {
    heading: 'Care of the pump',
    paragraphs: [
      'Rinse the pump with clean water after every use and let it dry in the shade.',
      'Store the pump upright in a frost-free room during the winter months.',
      'Check the seals each spring and replace any seal that shows cracks.',
      'The warranty on the motor lasts five years from the date of purchase.',
      'Claims need the receipt and the serial number printed under the handle.',
      'Spare filters are sold in packs of three by every authorised dealer.',
    ],
  },
]);

const deck = buildPptx([
  { title: 'Roadmap', body: ['Spring: new pump range.'] },
  { title: 'Budget', body: ['The lighthouse project costs forty thousand euros.'] },
]);
const sheet = buildXlsx([
  {
    name: 'Summary',
    rows: [
      ['Item', 'Value'],
      ['Pumps sold', 120],
    ],
  },
  {
    name: 'Orchards',
    rows: [
      ['Orchard', 'Apple trees'],
      ['North orchard', 340],
    ],
  },
]);

/** The number the prompt gives the first source of `fileName`, as a real model would cite it. */
function sourceNumber(system: string, fileName: string): string {
  return new RegExp(`\\[(\\d+)\\] ${fileName.replace('.', '\\.')}`).exec(system)?.[1] ?? '0';
}

const MARKDOWN_ANSWER = (cite: string) => `## Notice rules

| Rule | Days |
|------|------|
| Notice | 30 |
| Probation | 7 |

1. Tell your manager
2. Write it down

\`\`\`ts
const days: number = 30;
console.log(days);
\`\`\`

Ignore this: <script>window.pwned = 1</script><img src="x" onerror="window.pwned = 2"> and [click me](javascript:window.pwned=3).

Employees give thirty days of notice [${cite}].`;

describe.skipIf(!hasChromium)('answers, citations and attachments in the browser', () => {
  let harness: Harness;
  useHarness(
    {
      llm: {
        respond: (request) => {
          const system = String(request.messages[0]?.content ?? '');
          const last = String(request.messages.at(-1)?.content ?? '');
          if (last.includes('Markdown'))
            return { content: MARKDOWN_ANSWER(sourceNumber(system, 'handbook.pdf')), tokenDelayMs: 2 };
          for (const [word, file] of [
            ['lighthouse', 'deck.pptx'],
            ['orchard', 'sheet.xlsx'],
          ] as const)
            if (last.includes(word)) return { content: `Found it [${sourceNumber(system, file)}].`, tokenDelayMs: 2 };
          if (last.includes('warranty'))
            return {
              content: `The motor is covered for five years [${sourceNumber(system, 'manual.docx')}].`,
              tokenDelayMs: 2,
            };
          return {
            content: `From the sources: ${/\[\d+\] ([\w-]+\.\w+)/.exec(system)?.[1] ?? 'none'} [1].`,
            tokenDelayMs: 2,
          };
        },
      },
    },
    async (started) => {
      harness = started;
      // Small chunks, so the manual has neighbours to show around a cited passage.
      await started.studio.config.update({ section: 'context', values: { chunk_size: 160, chunk_overlap: 40 } });
      await addFile(started, 'handbook.pdf', handbook);
      await addFile(started, 'manual.docx', manual);
      await addFile(started, 'deck.pptx', deck);
      await addFile(started, 'sheet.xlsx', sheet);
    },
  );

  it('renders Markdown tables, lists and highlighted code with a copy button, and runs no script from an answer', async () => {
    const { page } = harness;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await harness.open('#/chat');
    await page.getByRole('textbox', { name: 'Message' }).fill('Answer in Markdown: what is the notice period?');
    await page.keyboard.press('Enter');
    const answer = page.locator('.message-assistant').last();
    await answer.getByRole('button', { name: /^Source \d+: handbook\.pdf, page 2/ }).waitFor();

    await answer.getByRole('heading', { name: 'Notice rules' }).waitFor();
    const table = answer.getByRole('table');
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Rule', 'Days']);
    expect(await table.getByRole('cell').allTextContents()).toEqual(['Notice', '30', 'Probation', '7']);
    expect(await answer.locator('ol > li').allTextContents()).toEqual(['Tell your manager', 'Write it down']);
    const code = answer.locator('.code-block');
    expect(await code.locator('pre code.language-ts').count()).toBe(1);
    expect(await code.locator('.hljs-keyword').first().textContent()).toBe('const');
    // No stray backtick box: every inline or block code element holds real code.
    for (const text of await answer.locator('code').allTextContents())
      expect(text.replace(/`/g, '').trim()).not.toBe('');

    await code.getByRole('button', { name: 'Copy' }).click();
    await code.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      'const days: number = 30;\nconsole.log(days);\n',
    );

    // Raw HTML from a model stays inert: no script, no image, no javascript: link, nothing ran.
    expect(await answer.locator('script, img, iframe').count()).toBe(0);
    const link = answer.getByText('click me');
    expect(await link.getAttribute('href')).not.toMatch(/javascript/i);
    await link.click({ modifiers: [] }).catch(() => undefined);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await harness.screenshot('answer-markdown');
  });

  it('opens a PDF citation chip at its real page with the cited passage highlighted', async () => {
    const { page } = harness;
    const answer = page.locator('.message-assistant').last();
    await answer.getByRole('button', { name: /^Source \d+: handbook\.pdf, page 2/ }).click();
    const viewer = page.getByRole('complementary', { name: 'handbook.pdf' });
    await viewer.getByText(/Page 2 · source \[\d+\] of the answer/).waitFor();
    const pdfPage = viewer.locator('.pdf-page[data-state="ready"]');
    await pdfPage.waitFor({ timeout: 20_000 });
    expect(Number(await pdfPage.getAttribute('data-highlights'))).toBeGreaterThan(0);
    expect(await viewer.getByRole('img', { name: 'Page 2' }).count()).toBe(1);
    // The canvas holds the drawn page (dark text pixels), and each highlight lies on it.
    const drawn = await viewer.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
      let dark = 0;
      for (let index = 0; index < data.length; index += 4) if ((data[index] ?? 255) < 100) dark += 1;
      return dark;
    });
    expect(drawn).toBeGreaterThan(200);
    const sheet = await viewer.locator('.pdf-page-sheet').boundingBox();
    for (const box of await viewer
      .locator('.pdf-highlight')
      .evaluateAll((marks) => marks.map((mark) => mark.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.width).toBeGreaterThan(20);
      expect(box.top).toBeGreaterThanOrEqual((sheet?.y ?? 0) - 4);
      expect(box.bottom).toBeLessThanOrEqual((sheet?.y ?? 0) + (sheet?.height ?? 0) + 4);
    }
    // The highlight sits on page 2's notice sentence, in the upper part of the page where it is drawn.
    expect(await viewer.locator('blockquote').textContent()).toContain('notice period of thirty days');
    await harness.screenshot('citation-pdf-page');
    await viewer.getByRole('button', { name: 'Close source' }).click();
    await viewer.waitFor({ state: 'detached' });
  });

  it('shows a cited DOCX passage inside its surrounding text, highlighted', async () => {
    const { page } = harness;
    await page.getByRole('textbox', { name: 'Message' }).fill('How long is the warranty on the motor?');
    await page.keyboard.press('Enter');
    const chip = page
      .locator('.message-assistant')
      .last()
      .getByRole('button', { name: /^Source \d+: manual\.docx/ });
    await chip.click();
    const viewer = page.getByRole('complementary', { name: 'manual.docx' });
    const cited = viewer.locator('mark.passage-cited');
    await cited.waitFor();
    expect(await cited.textContent()).toContain('five years');
    const around = (await viewer.locator('.passage-around').allTextContents()).join(' ');
    expect(around.length).toBeGreaterThan(40);
    expect(await viewer.locator('.passage-context').textContent()).toMatch(/seal|receipt/);
    expect(await viewer.textContent()).toContain('Care of the pump');
    await harness.screenshot('citation-docx-context');
    await viewer.getByRole('button', { name: 'Close source' }).click();
  });

  it('names the slide of a PPTX citation and the sheet of an XLSX one', async () => {
    const { page } = harness;
    for (const [question, file, place] of [
      ['What does the lighthouse project cost?', 'deck.pptx', /Slide 2/],
      ['How many apple trees are in the north orchard?', 'sheet.xlsx', /Sheet “Orchards”/],
    ] as const) {
      await page.getByRole('textbox', { name: 'Message' }).fill(question);
      await page.keyboard.press('Enter');
      await page
        .locator('.message-assistant')
        .last()
        .getByRole('button', { name: new RegExp(`^Source \\d+: ${file.replace('.', '\\.')}`) })
        .click();
      const viewer = page.getByRole('complementary', { name: file });
      await viewer.getByText(place).waitFor();
      await viewer.locator('mark.passage-cited').waitFor();
      await viewer.getByRole('button', { name: 'Close source' }).click();
    }
  });

  it('attaches a file with the button and scopes the next question to it, with progress inline', async () => {
    const { page, llm } = harness;
    await page.getByRole('link', { name: 'New chat' }).click();
    await page.getByTestId('attach-input').setInputFiles({
      name: 'attached.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('The pump warranty card says the motor is covered for five years.\n'),
    });
    const item = page.getByRole('list', { name: 'Attached files' }).getByRole('listitem', { name: 'attached.txt' });
    await item.waitFor();
    await item.getByText(/Ready/).waitFor({ timeout: 30_000 });
    await page.getByRole('textbox', { name: 'Message' }).fill('What does the card say about the motor?');
    await page.keyboard.press('Enter');
    await page
      .locator('.message-assistant')
      .last()
      .getByText(/From the sources/)
      .waitFor();
    const system = String(llm?.requests.at(-1)?.messages[0]?.content ?? '');
    expect(system).toContain('attached.txt');
    expect(system).not.toContain('manual.docx');
    expect(await page.getByRole('list', { name: 'Attached files' }).count()).toBe(0);
  });

  it('attaches a file dropped on the composer and asks about it', async () => {
    const { page, llm } = harness;
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['The seal kit contains four gaskets and a tube of grease.\n'], 'dropped.md'));
      const composer = document.querySelector('form.composer');
      composer?.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      composer?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    const item = page.getByRole('listitem', { name: 'dropped.md' });
    await item.getByText(/Ready/).waitFor({ timeout: 30_000 });
    await page.getByRole('textbox', { name: 'Message' }).fill('What is in the seal kit for the pump?');
    await page.keyboard.press('Enter');
    await page
      .locator('.message-assistant')
      .last()
      .getByText(/From the sources: dropped\.md/)
      .waitFor();
    const system = String(llm?.requests.at(-1)?.messages[0]?.content ?? '');
    expect(system).not.toContain('manual.docx');
    expect(harness.problems).toEqual([]);
  });
});
