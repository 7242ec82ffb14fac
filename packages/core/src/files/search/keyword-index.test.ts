import { afterAll, describe, expect, it } from 'vitest';
import { filesMigrations } from '../storage/files-migrations';
import { createKeywordIndex } from './create-keyword-index';
import { FileStore } from '../storage/file-store';
import { encodeIdentifier } from './index-tokens';
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
      {
        id: 'a:0',
        fileId: 'a',
        fileName: 'a.txt',
        position: 0,
        text: 'shared word',
        page: 3,
        section: undefined,
        indexText: expect.any(String),
      },
      {
        id: 'b:0',
        fileId: 'b',
        fileName: 'b.txt',
        position: 0,
        text: 'shared word',
        page: undefined,
        section: 'Intro',
        indexText: expect.any(String),
      },
    ]);
  });

  it('finds a PDF-style −−gzip (U+2212) and ligatures by what a user types (the issue’s repro)', async () => {
    const { keywords } = await setup(dialect);
    await keywords.replaceFileChunks('a', [
      { position: 0, text: 'Compress the archive with \u2212\u2212gzip before sending; the \ufb01le is smaller.' },
      { position: 1, text: 'Plain tar keeps every file as it is, with no compression at all.' },
      { position: 2, text: 'The con\u00adfig\u00aduration is rejoined, and so is a hyphen-\nated word.' },
    ]);
    expect((await keywords.search('--gzip', { limit: 5 }))[0]?.id).toBe('a:0');
    expect((await keywords.search('\u2013\u2013gzip', { limit: 5 }))[0]?.id).toBe('a:0');
    expect((await keywords.search('file smaller', { limit: 5 }))[0]?.id).toBe('a:0');
    expect((await keywords.search('configuration', { limit: 5 })).map((match) => match.id)).toEqual(['a:2']);
    expect((await keywords.search('hyphenated', { limit: 5 })).map((match) => match.id)).toEqual(['a:2']);
  });

  it('finds identifiers whole and by their parts, and ranks the chunk naming one first', async () => {
    const { keywords } = await setup(dialect);
    await keywords.replaceFileChunks('a', [
      { position: 0, text: 'Set StrictHostKeyChecking in ssh_config; FOO_BAR=1 enables it since v2.0.1.' },
      { position: 1, text: 'The ssh client reads its config file, and checking a host key is strict by default.' },
      { position: 2, text: 'Use --exclude-vcs to skip version control directories; delete them after.' },
      { position: 3, text: 'The option -O writes to standard output; -D sets the directory.' },
      { position: 4, text: 'The option -o names an output file; -d turns on debugging and exclude lists.' },
      { position: 5, text: 'With --delete-after the receiver deletes after the transfer, not before.' },
    ]);
    const first = async (query: string) => (await keywords.search(query, { limit: 10 }))[0]?.id;
    const ids = async (query: string) => (await keywords.search(query, { limit: 10 })).map((match) => match.id);
    for (const query of ['ssh_config', 'StrictHostKeyChecking', 'FOO_BAR=1', 'v2.0.1', 'what is ssh_config?'])
      expect(await first(query), query).toBe('a:0');
    expect(await ids('foo')).toEqual(['a:0']);
    expect(await ids('2.0.1')).toEqual(['a:0']);
    expect(await first('host key checking')).toBeDefined();
    expect(await first('--exclude-vcs')).toBe('a:2');
    expect(await first('exclude-vcs')).toBe('a:2');
    expect(await first('what does -O do')).toBe('a:3');
    expect(await first('what does -o do')).toBe('a:4');
    expect(await first('-D')).toBe('a:3');
    expect(await first('-d')).toBe('a:4');
    expect(await first('--delete-after')).toBe('a:5');
  });

  it('indexes each chunk with its file name and section heading, and returns its text unchanged', async () => {
    const { keywords } = await setup(dialect);
    await keywords.replaceFileChunks('a', [
      { position: 0, text: 'Zero if no error, two if trouble.', section: 'EXIT STATUS' },
      { position: 1, text: 'Matching lines are printed.', section: 'DESCRIPTION' },
    ]);
    expect((await keywords.search('what is the exit status', { limit: 5 }))[0]?.id).toBe('a:0');
    expect((await keywords.search('a.txt', { limit: 5 })).map((match) => match.id).sort()).toEqual(['a:0', 'a:1']);
    expect((await keywords.getChunks(['a:0']))[0]?.text).toBe('Zero if no error, two if trouble.');
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
  const zx = encodeIdentifier('ZX-4471-Q');

  it('builds safe FTS5 queries from any text, identifiers whole and by parts, question words dropped', () => {
    expect(toFtsQuery('ZX-4471-Q')).toBe(`"${zx}" OR "zx" OR "4471" OR "q"`);
    expect(toFtsQuery('"); DROP TABLE files; --')).toBe('"drop table" OR "drop" OR "table" OR "files"');
    expect(toFtsQuery('what is the Q3 budget')).toBe('"q3" OR "budget"');
    expect(toFtsQuery('what does -z do?')).toBe(`"${encodeIdentifier('-z')}" OR "z"`);
    expect(toFtsQuery('what is this')).toBe('"what" OR "is" OR "this"');
    expect(toFtsQuery('?!')).toBeUndefined();
  });

  it('builds the same terms as PostgreSQL tsquery text, with the identifiers apart', () => {
    expect(toTsQuery('ZX-4471-Q budget')).toEqual({
      words: `'${zx}' | 'zx' | '4471' | 'q' | 'budget'`,
      codes: `'${zx}'`,
    });
    expect(toTsQuery('or this')).toEqual({ words: "'or' | 'this'" });
    expect(toTsQuery('!?')).toBeUndefined();
  });

  it('leaves a query whose content words are all too common to the vectors, never to its stopwords', () => {
    const common = (term: string) => ['firmware', 'sensor', 'unlocks', 'sn'].includes(term);
    expect(toFtsQuery('firmware unlocks the sensor', common)).toBeUndefined();
    expect(toFtsQuery('the firmware of SN-77', common)).toBe(`"${encodeIdentifier('SN-77')}" OR "77"`);
    expect(keywordTerms('the firmware of SN-77', common)).toEqual({
      words: ['77'],
      identifiers: [encodeIdentifier('SN-77')],
      phrases: [],
    });
  });

  it('searches an identifier the index holds whole as that one token, and one it does not by its parts', () => {
    const whole = encodeIdentifier('pg_hba.conf');
    const indexed = (token: string) => token === whole;
    expect(toFtsQuery('what does samehost match in pg_hba.conf', undefined, indexed)).toBe(
      `"${whole}" OR "${encodeIdentifier('pg_hba')}" OR "samehost" OR "match"`,
    );
    expect(toFtsQuery('2.0.1', undefined, indexed)).toBe(
      `"${encodeIdentifier('2.0.1')}" OR "${encodeIdentifier('2.0')}" OR "2" OR "0" OR "1"`,
    );
  });

  it('matches a command written in capitals as a phrase, in both query languages', () => {
    expect(toFtsQuery('What happens when CREATE INDEX CONCURRENTLY fails?')).toBe(
      '"create index concurrently" OR "happens" OR "create" OR "index" OR "concurrently" OR "fails"',
    );
    expect(toTsQuery('CREATE INDEX CONCURRENTLY fails')?.codes).toBe("('create' <-> 'index' <-> 'concurrently')");
    expect(toFtsQuery('VACUUM FULL')).toBe('"vacuum" OR "full"');
  });

  it('normalises queries as the index does: −−gzip (U+2212) and ––gzip are --gzip', () => {
    expect(toFtsQuery('\u2212\u2212gzip')).toBe(toFtsQuery('--gzip'));
    expect(toFtsQuery('\u2013\u2013gzip')).toBe(toFtsQuery('--gzip'));
    expect(toFtsQuery('\ufb01le')).toBe(toFtsQuery('file'));
  });

  it('keeps one-dash options case-sensitive and the rest case-folded', () => {
    expect(encodeIdentifier('-D')).not.toBe(encodeIdentifier('-d'));
    expect(encodeIdentifier('SSH_Config')).toBe(encodeIdentifier('ssh_config'));
    expect(encodeIdentifier('--Exclude-VCS')).toBe(encodeIdentifier('--exclude-vcs'));
  });
});
