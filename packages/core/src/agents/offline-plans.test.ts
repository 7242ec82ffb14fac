import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../studio';
import { openOfflineStudio } from '../chat/test-support/offline-studio';

// The repro, offline: with the GPL and readline's copyright notice (which names the GPL
// sixteen times) uploaded, "Summarize the GPL" returned random sentences plus readline text.
const GPL = readFileSync('/usr/share/common-licenses/GPL-3', 'utf8');
let studio: Studio;
let dispose: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ studio, dispose } = await openOfflineStudio('offline-plans'));
  await studio.files.upload({ name: 'GPL-3.txt', source: { bytes: Buffer.from(GPL) } });
  await studio.files.upload({
    name: 'readline-copyright.txt',
    source: { bytes: readFileSync('/usr/share/doc/readline-common/copyright') },
  });
  await studio.files.whenIdle();
}, 60_000);

afterAll(async () => {
  await dispose?.();
});

describe('offline plans', () => {
  it('"Summarize the GPL" answers directly with the GPL\'s central sentences, verbatim, in order, citing only the GPL', async () => {
    const { reply, citations, mode } = await studio.chat.send({ message: 'Summarize the GPL' });
    expect(mode).toBe('offline');
    expect(reply).toContain('so here is GPL-3.txt in its own words');
    const quoted = [...reply.matchAll(/“([^”]+)” \[\d+\]/g)].map((match) => match[1] ?? '');
    expect(quoted.length).toBeGreaterThanOrEqual(3);
    const flat = GPL.replace(/\s+/g, ' ');
    const positions = quoted.map((sentence) => flat.indexOf(sentence.replace(/\s+/g, ' ')));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(reply).not.toMatch(/readline|Matthias|debian/i);
    expect(new Set(citations.map((citation) => citation.fileName))).toEqual(new Set(['GPL-3.txt']));
  }, 60_000);

  it('"Summarize the GPL" as a workflow over the attached files: each task labelled, the whole GPL summarised', async () => {
    const fileIds = (await studio.files.list({})).items.map((file) => file.fileId);
    const { reply, citations } = await studio.chat.send({ message: 'Summarize the GPL', fileIds });
    const summary = /\*\*Summarize\*\*\nGPL-3\.txt, in short: (.+)/.exec(reply)?.[1] ?? '';
    expect(summary.length).toBeGreaterThan(100);
    // Every sentence of the summary is the GPL's own, in the GPL's order.
    const flat = GPL.replace(/\s+/g, ' ');
    const sentences = summary.split(/(?<=\.) (?=[A-Z"])/);
    const positions = sentences.map((sentence) => flat.indexOf(sentence));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(reply).toContain('**Extract key points**\nFrom GPL-3.txt:\n- ');
    expect(reply).not.toMatch(/readline|Matthias/i);
    expect(new Set(citations.map((citation) => citation.fileName))).toEqual(new Set(['GPL-3.txt']));
  }, 60_000);

  it('labels each result with its task and gives the calculation as the number alone', async () => {
    const { reply } = await studio.chat.send({
      message: 'First, what is 12 * (3 + 4)? Then, which files are uploaded?',
    });
    expect(reply).toMatch(/\*\*[^*]*12 \* \(3 \+ 4\)[^*]*\*\*\n84\n\n\*\*/);
  }, 60_000);
});
