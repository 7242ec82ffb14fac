import { defaultConfig } from '@studio/shared';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigService } from '../../config/config-service';
import { HashingEmbedder } from '../../embedding/hashing-embedder';
import { filesMigrations } from '../storage/files-migrations';
import { FileStore } from '../storage/file-store';
import type { VectorIndex } from '../storage/vector-index';
import { DIALECTS, testDatabases, type Dialect } from '../../store/test-support/dialects';
import { createKeywordIndex } from './create-keyword-index';
import { HybridSearch } from './search';

const databases = testDatabases(filesMigrations, 'identifiers');
afterAll(() => databases.closeAll());

/** No vectors at all: these cases are about the keyword side and the identifier rule alone. */
class EmptyVectorIndex implements VectorIndex {
  readonly name = 'empty';
  async upsert(): Promise<void> {}
  async deleteFile(): Promise<void> {}
  async query(): Promise<[]> {
    return [];
  }
  async count(): Promise<number> {
    return 0;
  }
}

async function searchOver(dialect: Dialect, files: Record<string, string[]>) {
  const db = await databases.open(dialect);
  const store = new FileStore(db);
  const keywords = createKeywordIndex(db);
  const now = new Date().toISOString();
  for (const [name, texts] of Object.entries(files)) {
    await store.insertWithJob({ id: name, name, size: 1, mimeType: 'text/plain', type: 'txt', createdAt: now }, now);
    await keywords.replaceFileChunks(
      name,
      texts.map((text, position) => ({ position, text })),
    );
  }
  const config = { ...defaultConfig().context, use_mmr: false };
  const search = new HybridSearch({
    embedder: new HashingEmbedder(),
    vectors: new EmptyVectorIndex(),
    keywords,
    config: { section: (() => config) as ConfigService['section'] },
    fusion: { lexical: 1, vectors: 0, semantic: 0 },
  });
  return async (query: string) => (await search.search({ query, k: 5 })).map((hit) => hit.chunkId);
}

describe.each(DIALECTS)('identifiers named in a query, on %s', (dialect) => {
  it('counts an identifier once: its repeated parts do not outweigh a rare word beside it', async () => {
    // Every chunk of ssh_known_hosts.conf.txt holds "ssh_known_hosts.conf" (its file name); the rare word decides.
    const ask = await searchOver(dialect, {
      'ssh_known_hosts.conf.txt': [
        'Edit ssh_known_hosts.conf to change a host block; ssh_known_hosts.conf is read first, and a ssh_known_hosts.conf host wins over a later ssh_known_hosts.conf match.',
        'Write canonicalize in ssh_known_hosts.conf to match host names after expanding them.',
        'Comments in ssh_known_hosts.conf start with a hash; ssh_known_hosts.conf keywords are case-insensitive in ssh_known_hosts.conf.',
      ],
      // Other documents, so that the identifier is not in every chunk (where bm25 would weigh it nothing).
      'other.txt': [
        'Tar packs files.',
        'Gzip compresses.',
        'Rsync copies.',
        'Grep searches.',
        'Sed edits.',
        'Awk reports.',
      ],
    });
    expect((await ask('What does canonicalize match in ssh_known_hosts.conf?'))[0]).toBe('ssh_known_hosts.conf.txt:1');
  });

  it('takes a command written in capitals as one name: the chunk holding it whole comes first', async () => {
    const ask = await searchOver(dialect, {
      'manual.txt': [
        'Indexes: create an index on a table; an index build concurrently with writes fails when an index is locked, create it again.',
        'If a deadlock arises, CREATE INDEX CONCURRENTLY will fail but leave an invalid index behind.',
        'An index speeds up reads. Create one index per column you filter on; a failing create is retried.',
      ],
    });
    expect((await ask('What happens when CREATE INDEX CONCURRENTLY fails?'))[0]).toBe('manual.txt:1');
  });

  it('finds a function by its qualified name where its module’s document defines it, and in the text after the definition', async () => {
    const ask = await searchOver(dialect, {
      'kit.txt': [
        'The kit module fetches things. Use kit, fetch with it, fetch again: kit is small and fetch is fast.',
        '.. function:: fetch(url, retries=3) Return the body of the page at url.',
        'Other helpers of kit and fetch live elsewhere; kit.fetch is the one most use.',
      ],
      'tool.txt': [
        'tool.launch(args, *, check=False) Start the command described by args and wait for it.',
        'The arguments shown above are the common ones; others are passed on unchanged.',
        'If check is true and the command exits with a non-zero code, a LaunchError exception will be raised.',
        'tool.stop raises LaunchError when the tool is stopped; tool.start raises LaunchError as well, tool by tool.',
      ],
    });
    expect((await ask('What does kit.fetch do?')).slice(0, 2)).toContain('kit.txt:1');
    expect((await ask('When is LaunchError raised by tool.launch?'))[0]).toBe('tool.txt:2');
  });
});
