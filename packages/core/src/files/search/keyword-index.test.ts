import { afterAll, describe, expect, it } from 'vitest';
import { filesMigrations } from '../storage/files-migrations';
import { createKeywordIndex } from './create-keyword-index';
import { FileStore } from '../storage/file-store';
import { keywordTerms, toFtsQuery, toTsQuery } from './keyword-query';
import { DIALECTS, testDatabases, type Dialect } from '../../store/test-support/dialects';

const databases = testDatabases(filesMigrations, 'keywords');
afterAll(() => databases.closeAll());

async function setup(dialect: Dialect) {
  const db = await databases.open(dialect);
  const store = new FileStore(db);
  const now = new Date().toISOString();
  for (const id of ['a', 'b']) {
    await store.insertWithJob(
      { id, name: `${id}.txt`, size: 1, mimeType: 'text/plain', type: 'txt', createdAt: now },
      now,
    );
  }
  return { db, keywords: createKeywordIndex(db) };
}

describe.each(DIALECTS)('KeywordIndex on %s', (dialect) => {
  it('finds an exact code among near misses', async () => {
    const { keywords } = await setup(dialect);
    await keywords.replaceFileChunks('a', [
      { position: 0, text: 'Order ZX-4471-Q shipped on Monday.' },
      { position: 1, text: 'Order ZX-4471-R is pending, ZX 4472 Q too.' },
    ]);
    const matches = await keywords.search('status of ZX-4471-Q?', { limit: 5 });
    expect(matches[0]?.id).toBe('a:0');
  });

  it('finds identifiers, versions and numbers exactly, and a part of a code on its own', async () => {
    const { keywords } = await setup(dialect);
    await keywords.replaceFileChunks('a', [
      { position: 0, text: 'Invoice IV-7-12-3 was paid in March.' },
      { position: 1, text: 'Invoice IV-7-12-4 is still open; see IV 7 and 12.' },
      { position: 2, text: 'Firmware v2.3.1 fixes the sensor drift.' },
      { position: 3, text: 'Firmware v2.3.0 and 2.3 had the drift, as did v1.' },
      { position: 4, text: 'The ratio is 3.14159 here.' },
    ]);
    expect((await keywords.search('was IV-7-12-3 paid', { limit: 5 }))[0]?.id).toBe('a:0');
    expect((await keywords.search('what changed in v2.3.1', { limit: 5 }))[0]?.id).toBe('a:2');
    expect((await keywords.search('3.14159', { limit: 5 }))[0]?.id).toBe('a:4');
    expect((await keywords.search('14159', { limit: 5 })).map((match) => match.id)).toEqual(['a:4']);
  });

  it('replacing a file’s chunks never duplicates them in the index', async () => {
    const { db, keywords } = await setup(dialect);
    const chunks = [
      { position: 0, text: 'alpha beta' },
      { position: 1, text: 'gamma delta' },
    ];
    await keywords.replaceFileChunks('a', chunks);
    await keywords.replaceFileChunks('a', chunks);
    expect(await keywords.search('alpha', { limit: 10 })).toHaveLength(1);
    expect(await keywords.countFileChunks('a')).toBe(2);
    const indexed =
      dialect === 'sqlite'
        ? 'SELECT COUNT(*) AS n FROM file_chunks_fts'
        : 'SELECT COUNT(*) AS n FROM file_chunks WHERE tsv IS NOT NULL';
    expect(await db.get(indexed)).toEqual({ n: 2 });
  });

  it('filters by file and returns chunks with their file name', async () => {
    const { keywords } = await setup(dialect);
    await keywords.replaceFileChunks('a', [{ position: 0, text: 'shared word', page: 3 }]);
    await keywords.replaceFileChunks('b', [{ position: 0, text: 'shared word', section: 'Intro' }]);
    expect((await keywords.search('shared', { limit: 10, fileIds: ['b'] })).map((match) => match.id)).toEqual(['b:0']);
    expect((await keywords.getChunks(['a:0', 'b:0'])).sort((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: 'a:0', fileId: 'a', fileName: 'a.txt', position: 0, text: 'shared word', page: 3, section: undefined },
      {
        id: 'b:0',
        fileId: 'b',
        fileName: 'b.txt',
        position: 0,
        text: 'shared word',
        page: undefined,
        section: 'Intro',
      },
    ]);
  });

  it('answers nothing for punctuation, survives query syntax, and forgets deleted files', async () => {
    const { keywords } = await setup(dialect);
    expect(await keywords.hasChunks()).toBe(false);
    await keywords.replaceFileChunks('a', [{ position: 0, text: "it's the table: files & more | (drop)" }]);
    expect(await keywords.hasChunks()).toBe(true);
    expect(await keywords.search('?!', { limit: 5 })).toEqual([]);
    expect(
      (await keywords.search(`"); DROP TABLE files; -- ' & | ! <->`, { limit: 5 })).map((match) => match.id),
    ).toEqual(['a:0']);
    await keywords.deleteFile('a');
    expect(await keywords.search('table', { limit: 5 })).toEqual([]);
    expect(await keywords.getChunks(['a:0'])).toEqual([]);
  });
});

describe('keyword queries', () => {
  it('builds safe FTS5 queries from any text', () => {
    expect(toFtsQuery('ZX-4471-Q')).toBe('"zx" OR "4471" OR "q" OR "zx 4471 q"');
    expect(toFtsQuery('"); DROP TABLE files; --')).toBe('"drop" OR "table" OR "files"');
    expect(toFtsQuery('what is the Q3 budget')).toBe('"q3" OR "budget"');
    expect(toFtsQuery('what is this')).toBe('"what" OR "is" OR "this"');
    expect(toFtsQuery('?!')).toBeUndefined();
  });

  it('builds the same terms as PostgreSQL tsquery text, with the codes apart', () => {
    expect(toTsQuery('ZX-4471-Q budget')).toEqual({
      words: "'zx' | '4471' | 'q' | ('zx' <-> '4471' <-> 'q') | 'budget'",
      codes: "('zx' <-> '4471' <-> 'q')",
    });
    expect(toTsQuery("what's or this")).toEqual({
      words: "'what' | 's' | ('what' <-> 's')",
      codes: "('what' <-> 's')",
    });
    expect(toTsQuery('or this')).toEqual({ words: "'or' | 'this'" });
    expect(toTsQuery('!?')).toBeUndefined();
  });

  it('leaves a query whose content words are all too common to the vectors, never to its stopwords', () => {
    const common = (term: string) => ['firmware', 'sensor', 'unlocks'].includes(term);
    expect(toFtsQuery('firmware unlocks the sensor', common)).toBeUndefined();
    expect(toFtsQuery('the firmware of SN-77', common)).toBe('"sn" OR "77" OR "sn 77"');
    expect(keywordTerms('the firmware of SN-77', common)).toEqual([['sn'], ['77'], ['sn', '77']]);
  });

  it('on PostgreSQL also drops a common part of a code, never the code itself', () => {
    const common = (term: string) => ['ref', 'pump'].includes(term);
    expect(toFtsQuery('REF-1234 pump', common)).toBe('"ref" OR "1234" OR "ref 1234"');
    expect(toTsQuery('REF-1234 pump', common, { codeParts: true })).toEqual({
      words: "'1234' | ('ref' <-> '1234')",
      codes: "('ref' <-> '1234')",
    });
  });
});
