import { afterAll, describe, expect, it } from 'vitest';
import { configMigrations } from './config-migrations';
import { ConfigHistory } from './config-history';
import { DIALECTS, testDatabases } from '../store/test-support/dialects';

const databases = testDatabases(configMigrations, 'config');
afterAll(() => databases.closeAll());
const dialects = DIALECTS.map((dialect) => [dialect, () => databases.open(dialect)] as const);

describe.each(dialects)('ConfigHistory on %s', (_name, open) => {
  const history = async () => {
    const sql = await open();
    return new ConfigHistory(sql);
  };

  it('numbers versions per section and reads them back in order', async () => {
    const store = await history();
    expect(await store.latest('planner')).toBeUndefined();
    expect(await store.record('planner', { max_tasks_per_request: 10 }, 'reload')).toBe(1);
    expect(await store.record('planner', { max_tasks_per_request: 3, nested: { on: true } }, 'file')).toBe(2);
    expect(await store.record('context', { chunk_size: 900 }, 'api')).toBe(1);

    const latest = await store.latest('planner');
    expect(latest).toMatchObject({
      section: 'planner',
      version: 2,
      values: { max_tasks_per_request: 3, nested: { on: true } },
      source: 'file',
    });
    expect(Number.isNaN(Date.parse(latest?.createdAt ?? ''))).toBe(false);
    expect((await store.list('planner')).map((version) => [version.version, version.source])).toEqual([
      [1, 'reload'],
      [2, 'file'],
    ]);
    expect(await store.list('memory')).toEqual([]);
  });

  it('gives concurrent records consecutive versions', async () => {
    const store = await history();
    const versions = await Promise.all(
      Array.from({ length: 8 }, (_, index) => store.record('memory', { n: index }, 'api')),
    );
    expect([...versions].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await store.list('memory')).map((version) => version.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
