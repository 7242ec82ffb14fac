import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, testDatabases } from './test-support/dialects';

const migrations = [
  { id: '0001_items', sql: 'CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER NOT NULL)' },
  { id: '0002_more', sql: 'ALTER TABLE items ADD COLUMN label TEXT' },
];

const databases = testDatabases(migrations, 'sql');
afterAll(() => databases.closeAll());
const dialects = DIALECTS.map((dialect) => [dialect, () => databases.open(dialect)] as const);

describe.each(dialects)('Sql on %s', (_name, open) => {
  it('binds ? placeholders, folds quoted aliases correctly and counts as numbers', async () => {
    const sql = await open();
    await sql.run('INSERT INTO items (id, n, label) VALUES (?, ?, ?)', ['a', 1, 'what?']);
    await sql.run('INSERT INTO items (id, n) VALUES (?, ?)', ['b', 2]);
    expect(await sql.get('SELECT id AS "itemId", label FROM items WHERE n = ?', [1])).toEqual({
      itemId: 'a',
      label: 'what?',
    });
    expect(await sql.get('SELECT COUNT(*) AS n FROM items')).toEqual({ n: 2 });
    expect((await sql.run('DELETE FROM items WHERE id = ?', ['zz'])).changes).toBe(0);
  });

  it('rolls a failed transaction back, and keeps statements from outside out of an open one', async () => {
    const sql = await open();
    await expect(
      sql.transaction(async () => {
        await sql.run('INSERT INTO items (id, n) VALUES (?, ?)', ['x', 1]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await sql.get('SELECT id FROM items WHERE id = ?', ['x'])).toBeUndefined();

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inside = sql.transaction(async () => {
      await sql.run('INSERT INTO items (id, n) VALUES (?, ?)', ['y', 1]);
      await gate;
      throw new Error('rolled back');
    });
    // Issued while the transaction is open, from another context: it must not join and vanish with it.
    const outside = sql.run('INSERT INTO items (id, n) VALUES (?, ?)', ['z', 2]);
    release();
    await expect(inside).rejects.toThrow('rolled back');
    await outside;
    expect((await sql.all<{ id: string }>('SELECT id FROM items ORDER BY id')).map((row) => row.id)).toEqual(['z']);
  });

  it('records migrations once', async () => {
    const sql = await open();
    expect(await sql.all('SELECT id FROM schema_migrations ORDER BY id')).toEqual([
      { id: '0001_items' },
      { id: '0002_more' },
    ]);
  });
});
