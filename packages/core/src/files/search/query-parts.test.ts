import { describe, expect, it } from 'vitest';
import { queryParts } from './query-parts';

describe('queryParts', () => {
  it('splits a compound question into its questions', () => {
    expect(
      queryParts('Which exit code does psql return for a script error, and which SQLSTATE is a deadlock?'),
    ).toEqual(['Which exit code does psql return for a script error', 'which SQLSTATE is a deadlock?']);
    expect(queryParts('How do I reload pg_hba.conf; what does VACUUM FULL do?')).toEqual([
      'How do I reload pg_hba.conf',
      'what does VACUUM FULL do?',
    ]);
  });

  it('keeps a single question whole: "and" between nouns, a leading clause, a part with no content', () => {
    for (const question of [
      'What do VACUUM and ANALYZE share?',
      'If no database name is given, which setting decides the database?',
      'What is gzip, and what?',
    ])
      expect(queryParts(question)).toEqual([question]);
  });
});
