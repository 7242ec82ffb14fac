import { afterAll, describe, expect, it } from 'vitest';
import { filesMigrations } from '../storage/files-migrations';
import { FileStore } from '../storage/file-store';
import { DIALECTS, testDatabases, type Dialect } from '../../store/test-support/dialects';
import { readChunkText, readDocumentText } from './chunk-text';
import { createKeywordIndex } from './create-keyword-index';

const databases = testDatabases(filesMigrations, 'chunk_text');
afterAll(() => databases.closeAll());

async function setup(dialect: Dialect) {
  const db = await databases.open(dialect);
  const now = new Date().toISOString();
  await new FileStore(db).insertWithJob(
    { id: 'manual', name: 'manual.pdf', size: 1, mimeType: 'application/pdf', type: 'pdf', createdAt: now },
    now,
  );
  const keywords = createKeywordIndex(db);
  // Written out of order: a document is still read front to back.
  await keywords.replaceFileChunks('manual', [
    { position: 2, text: 'Chapter three.', page: 3 },
    { position: 0, text: 'Chapter one.', page: 1 },
    { position: 1, text: 'Chapter two.', page: 2 },
  ]);
  return keywords;
}

describe.each(DIALECTS)('reading chunks for agent tools on %s', (dialect) => {
  it('reads one chunk by id with its file name and page, and nothing for an unknown id', async () => {
    const keywords = await setup(dialect);
    expect(await readChunkText(keywords, 'manual:1')).toEqual({
      chunkId: 'manual:1',
      fileId: 'manual',
      fileName: 'manual.pdf',
      text: 'Chapter two.',
      page: 2,
    });
    expect(await readChunkText(keywords, 'manual:9')).toBeUndefined();
  });

  it('reads a whole document in order, and an unknown file as empty', async () => {
    const keywords = await setup(dialect);
    expect((await readDocumentText(keywords, 'manual')).map((chunk) => chunk.text)).toEqual([
      'Chapter one.',
      'Chapter two.',
      'Chapter three.',
    ]);
    expect(await readDocumentText(keywords, 'missing')).toEqual([]);
  });
});
