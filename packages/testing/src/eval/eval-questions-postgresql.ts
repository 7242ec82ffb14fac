import type { EvalQuestionRow } from './eval-question';

/** Questions over the PostgreSQL pages (written from reading them, before any tuning). */
export const POSTGRESQL_ROWS: EvalQuestionRow[] = [
  // pg_dump
  [
    'lexical',
    'Does pg_dump block other users accessing the database?',
    'does not block other users accessing the database',
  ],
  [
    'paraphrase',
    'Can people keep reading and writing while a backup of the database is being taken?',
    'does not block other users accessing the database',
  ],
  ['identifier', 'What does pg_dump --if-exists do?', '--if-exists'],
  ['identifier', 'What is pg_dump -Z used for?', '-Z 0..9'],
  [
    'lexical',
    'Which archive formats must be used with pg_restore to rebuild the database?',
    'must be used with pg_restore to rebuild the database',
  ],
  [
    'paraphrase',
    'Which archive kind of the dump tool cannot be made smaller?',
    'the tar format does not support compression',
  ],
  [
    'identifier',
    'How do I dump a table definition but skip its rows with --exclude-table-data?',
    '--exclude-table-data=pattern',
  ],
  [
    'paraphrase',
    'If I leave out which database to back up, where does the backup program take it from?',
    'the environment variable PGDATABASE is used',
  ],
  [
    'lexical',
    'What does a parallel dump need from the database server?',
    'the database server needs to support synchronized snapshots',
  ],
  [
    'identifier',
    'What is ON CONFLICT DO NOTHING in pg_dump --on-conflict-do-nothing valid with?',
    'is not valid unless --inserts, --column-inserts or --rows-per-insert is also specified',
  ],
  // pg_hba.conf
  [
    'lexical',
    'When is the pg_hba.conf file read?',
    'is read on start-up and when the main server process receives a SIGHUP signal',
  ],
  [
    'paraphrase',
    'After I change who may log in while the server is up, how do I get it to pick up the change?',
    'pg_ctl reload',
  ],
  ['identifier', 'What does samehost match in pg_hba.conf?', "samehost to match any of the server's own IP addresses"],
  [
    'identifier',
    'Which view helps test pg_hba_file_rules before a reload?',
    'pg_hba_file_rules can be helpful for pre-testing changes',
  ],
  [
    'lexical',
    'Which record is used when several records of pg_hba.conf match a connection?',
    'The first record with a matching connection type',
  ],
  [
    'identifier',
    'Where can the clientcert option be specified?',
    'clientcert, which can be specified in any hostssl record',
  ],
  [
    'paraphrase',
    'What happens when ident is configured for a connection over a Unix socket rather than the network?',
    'When specified for local connections, peer authentication will be used instead',
  ],
  ['lexical', 'What does the reject authentication method do?', 'Reject the connection unconditionally'],
  // routine vacuuming
  [
    'lexical',
    'What are the two variants of VACUUM?',
    'There are two variants of VACUUM: standard VACUUM and VACUUM FULL',
  ],
  [
    'paraphrase',
    'Does the background maintenance daemon ever rewrite tables completely to shrink them?',
    'will never issue VACUUM FULL',
  ],
  [
    'lexical',
    'Why does vacuum update the visibility map?',
    'To update the visibility map, which speeds up index-only scans',
  ],
  [
    'paraphrase',
    'Why do rows eventually need freezing before the counter that numbers each unit of work overflows?',
    'transaction ID wraparound',
  ],
  [
    'identifier',
    'What are autovacuum_vacuum_threshold and autovacuum_vacuum_scale_factor used for?',
    'the vacuum base threshold is autovacuum_vacuum_threshold',
  ],
  [
    'identifier',
    'How often is autovacuum forced on a table by autovacuum_freeze_max_age?',
    'approximately once every autovacuum_freeze_max_age minus vacuum_freeze_min_age transactions',
  ],
  [
    'paraphrase',
    'Does routine cleanup hand the freed disk back to the OS?',
    'it will not return the space to the operating system',
  ],
  [
    'lexical',
    'What is the maximum time that a table can go unvacuumed?',
    'two billion transactions minus the vacuum_freeze_min_age value',
  ],
  // psql
  [
    'lexical',
    'What exit status does psql return if an error occurred in a script and ON_ERROR_STOP was set?',
    '3 if an error occurred in a script and the variable ON_ERROR_STOP was set',
  ],
  [
    'paraphrase',
    'How can a calling script detect that the link of psql to the database broke?',
    '2 if the connection to the server went bad',
  ],
  [
    'identifier',
    'What does psql --single-transaction do?',
    'thereby wrapping all the commands into a single transaction',
  ],
  ['identifier', 'How do I stop psql from reading ~/.psqlrc with -X?', 'Unless it is passed an -X option'],
  [
    'identifier',
    'Which environment variable PSQLRC overrides the startup file path?',
    'setting the PSQLRC environment variable',
  ],
  [
    'paraphrase',
    'Where does psql keep my own preferences on the desktop OS from Microsoft?',
    '%APPDATA%\\postgresql\\psqlrc.conf',
  ],
  ['identifier', 'What pager is used by \\watch in psql?', 'PSQL_WATCH_PAGER'],
  ['identifier', 'What is \\gexec?', '\\gexec'],
  [
    'lexical',
    'In which order are the generated queries executed by gexec?',
    'executed in the order in which the rows are returned',
  ],
  ['identifier', 'What does psql --csv do?', '--csv'],
  // resource consumption
  [
    'lexical',
    'What is a reasonable starting value for shared_buffers on a dedicated database server?',
    '25% of the memory in your system',
  ],
  [
    'paraphrase',
    'On a host that runs nothing but PostgreSQL, what fraction of its physical working storage should the cache take?',
    '25% of the memory in your system',
  ],
  ['identifier', 'What is the default work_mem?', 'The default value is four megabytes (4MB)'],
  ['identifier', 'How is hash_mem_multiplier used?', 'multiplying work_mem by hash_mem_multiplier'],
  [
    'paraphrase',
    'Why do hash joins get a bigger RAM budget than sorting?',
    'Hash-based operations are generally more sensitive to memory availability',
  ],
  ['identifier', 'What does temp_file_limit limit?', 'temp_file_limit (integer)'],
  ['identifier', 'What is max_stack_depth?', 'max_stack_depth (integer)'],
  [
    'lexical',
    'What is the cost-based vacuum delay counter during VACUUM and ANALYZE commands?',
    'the system maintains an internal counter that keeps track of the estimated cost',
  ],
  // CREATE INDEX
  ['lexical', 'Which index methods does PostgreSQL provide?', 'B-tree, hash, GiST, SP-GiST, GIN, and BRIN'],
  [
    'paraphrase',
    'Can I add an index while the application keeps inserting rows into the table?',
    'building indexes without locking out writes',
  ],
  ['identifier', 'What happens when CREATE INDEX CONCURRENTLY fails?', 'will fail but leave behind an'],
  [
    'lexical',
    'How many scans of the table does a concurrent index build perform?',
    'must perform two scans of the table',
  ],
  [
    'identifier',
    'What does the fillfactor storage parameter of an index mean?',
    'determines how full the index method will try to pack index pages',
  ],
  [
    'paraphrase',
    'Why should I think twice before stuffing extra payload fields into an index?',
    'be conservative about adding non-key columns to an index',
  ],
  ['identifier', 'What does NULLS NOT DISTINCT change for a unique index?', 'NULLS NOT DISTINCT'],
  // COPY
  [
    'lexical',
    'What string represents a null value by default in text format?',
    'The default is \\N (backslash-N) in text format',
  ],
  [
    'paraphrase',
    'When a table import statement points at a path, which side opens it: my program or the database backend?',
    'read or written directly by the server, not by the client application',
  ],
  ['lexical', 'Which formats can COPY read or write?', 'text, csv (Comma Separated Values), or binary'],
  ['identifier', 'What is the PGCOPY signature of the binary format?', '11-byte sequence PGCOPY'],
  ['identifier', 'What does COPY FORCE_QUOTE do?', 'FORCE_QUOTE'],
  [
    'paraphrase',
    'How is a missing value written in a comma separated file by default?',
    'an unquoted empty string in CSV format',
  ],
  // error codes
  ['identifier', 'What is error code 23505?', '23505 unique_violation'],
  ['identifier', 'Which SQLSTATE is deadlock_detected?', '40P01 deadlock_detected'],
  ['identifier', 'What does 42P01 mean?', '42P01 undefined_table'],
  ['identifier', 'Which code is serialization_failure?', '40001 serialization_failure'],
  [
    'lexical',
    'What do the first two characters of an error code denote?',
    'the first two characters of an error code denote a class of errors',
  ],
  [
    'paraphrase',
    'How long are the condition identifiers that PostgreSQL attaches to everything it reports?',
    'five-character error codes',
  ],
  ['identifier', 'What is SQLSTATE 57014?', '57014 query_canceled'],
  ['paraphrase', 'Which condition is reported when storage fills up?', '53100 disk_full'],
];
