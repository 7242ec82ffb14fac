import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { contextMigrations } from './context-migrations';
import { FileStore } from './file-store';
import { KeywordIndex, toFtsQuery } from './keyword-index';

function setup() {
  const db = openDatabase(':memory:', contextMigrations);
  const store = new FileStore(db);
  const now = new Date().toISOString();
  for (const id of ['a', 'b']) {
    store.insertWithJob({ id, name: `${id}.txt`, size: 1, mimeType: 'text/plain', type: 'txt', createdAt: now }, now);
  }
  return { db, keywords: new KeywordIndex(db) };
}

describe('KeywordIndex', () => {
  it('finds an exact code among near misses', () => {
    const { keywords } = setup();
    keywords.replaceFileChunks('a', [
      { position: 0, text: 'Order ZX-4471-Q shipped on Monday.' },
      { position: 1, text: 'Order ZX-4471-R is pending, ZX 4472 Q too.' },
    ]);
    const matches = keywords.search('status of ZX-4471-Q?', { limit: 5 });
    expect(matches[0]?.id).toBe('a:0');
  });

  it('replacing a file’s chunks never duplicates them in FTS', () => {
    const { db, keywords } = setup();
    const chunks = [{ position: 0, text: 'alpha beta' }, { position: 1, text: 'gamma delta' }];
    keywords.replaceFileChunks('a', chunks);
    keywords.replaceFileChunks('a', chunks);
    expect(keywords.search('alpha', { limit: 10 })).toHaveLength(1);
    expect((db.prepare('SELECT COUNT(*) AS n FROM file_chunks_fts').get() as { n: number }).n).toBe(2);
  });

  it('filters by file and returns chunks with their file name', () => {
    const { keywords } = setup();
    keywords.replaceFileChunks('a', [{ position: 0, text: 'shared word', page: 3 }]);
    keywords.replaceFileChunks('b', [{ position: 0, text: 'shared word', section: 'Intro' }]);
    expect(keywords.search('shared', { limit: 10, fileIds: ['b'] }).map((match) => match.id)).toEqual(['b:0']);
    expect(keywords.getChunks(['a:0', 'b:0']).sort((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: 'a:0', fileId: 'a', fileName: 'a.txt', position: 0, text: 'shared word', page: 3, section: undefined },
      { id: 'b:0', fileId: 'b', fileName: 'b.txt', position: 0, text: 'shared word', page: undefined, section: 'Intro' },
    ]);
  });

  it('builds safe FTS5 queries from any text', () => {
    expect(toFtsQuery('ZX-4471-Q')).toBe('"zx" OR "4471" OR "q" OR "zx 4471 q"');
    expect(toFtsQuery('"); DROP TABLE files; --')).toBe('"drop" OR "table" OR "files"');
    expect(toFtsQuery("what is the Q3 budget")).toBe('"q3" OR "budget"');
    expect(toFtsQuery("what is this")).toBe('"what" OR "is" OR "this"');
    expect(toFtsQuery('?!')).toBeUndefined();
  });

  it('leaves a query whose content words are all too common to the vectors, never to its stopwords', () => {
    const common = (term: string) => ['firmware', 'sensor', 'unlocks'].includes(term);
    expect(toFtsQuery('firmware unlocks the sensor', common)).toBeUndefined();
    expect(toFtsQuery('the firmware of SN-77', common)).toBe('"sn" OR "77" OR "sn 77"');
  });
});
