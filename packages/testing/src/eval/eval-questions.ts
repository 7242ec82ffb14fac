/**
 * How a question relates to the text: `lexical` repeats its words, `paraphrase` says the same in
 * other words, `identifier` names a setting, function, option or error code, `cross-document`
 * needs passages of two documents.
 */
export type EvalQuestionKind = 'lexical' | 'paraphrase' | 'identifier' | 'cross-document';

/** A question over the evaluation corpus; every answer string must appear verbatim in a retrieved chunk. */
export interface EvalQuestion {
  id: string;
  kind: EvalQuestionKind;
  question: string;
  /** Exact strings of the documents (compared with white space collapsed); all must be retrieved. */
  answers: string[];
}

type Row = [kind: EvalQuestionKind, question: string, ...answers: string[]];

/**
 * Written by reading the documents (Debian's postgresql-doc-15 and python3.11-doc pages listed in
 * eval-corpus.ts) before any tuning; the answer strings were checked against the extracted text.
 */
const ROWS: Row[] = [
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
  ['paraphrase', 'Which backup output format cannot be compressed?', 'the tar format does not support compression'],
  [
    'identifier',
    'How do I dump a table definition but skip its rows with --exclude-table-data?',
    '--exclude-table-data=pattern',
  ],
  [
    'paraphrase',
    'If no database name is given to the dump tool, which environment setting decides the database?',
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
    'After editing the client authentication file on a running system, how do I make the server notice?',
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
  ['paraphrase', 'Why must old rows be frozen before transaction counters run out?', 'transaction ID wraparound'],
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
    'Does ordinary cleanup give freed disk space back to the operating system?',
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
    'How can I tell from the shell that the interactive terminal lost its connection to the server?',
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
    'Where does the command-line client look for my personal settings file on Windows?',
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
    'How much of the machine memory should the database cache get on a server with a few gigabytes of RAM that runs only PostgreSQL?',
    '25% of the memory in your system',
  ],
  ['identifier', 'What is the default work_mem?', 'The default value is four megabytes (4MB)'],
  ['identifier', 'How is hash_mem_multiplier used?', 'multiplying work_mem by hash_mem_multiplier'],
  [
    'paraphrase',
    'Why do hash joins get a bigger memory allowance than sorts?',
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
    'Why should I be careful about putting extra payload columns into an index?',
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
    'Who reads a file named in the server-side table import command, the client or the server?',
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
    'How long are the condition codes that the server attaches to every message?',
    'five-character error codes',
  ],
  ['identifier', 'What is SQLSTATE 57014?', '57014 query_canceled'],
  ['paraphrase', 'Which condition is reported when the disk is out of space?', '53100 disk_full'],
  // Python json
  [
    'lexical',
    'What happens if the data being deserialized is not a valid JSON document?',
    'a JSONDecodeError will be raised',
  ],
  ['identifier', 'What does ensure_ascii do in json.dump?', 'If ensure_ascii is true (the default)'],
  [
    'paraphrase',
    'Which standards specify the data interchange format inspired by JavaScript object literals?',
    'RFC 7159',
  ],
  ['identifier', 'How do I validate and pretty-print JSON with python -m json.tool?', 'python -m json.tool'],
  [
    'identifier',
    'Which json.tool options control indentation: --indent or --tab?',
    '--indent, --tab, --no-indent, --compact',
  ],
  ['paraphrase', 'Is the output of the JSON encoder also valid YAML?', 'JSON is a subset of YAML 1.2'],
  ['identifier', 'What strings is parse_constant called with?', "'-Infinity', 'Infinity', 'NaN'"],
  [
    'paraphrase',
    'What happens when serializing infinity or not-a-number with strict compliance turned on?',
    'it will be a ValueError to serialize out of range float values',
  ],
  // Python errors tutorial
  ['lexical', 'How does the try statement work?', 'The try statement works as follows'],
  ['lexical', 'When must the else clause of try appear?', 'must follow all except clauses'],
  [
    'paraphrase',
    'Why put code after a guarded block in a separate branch that runs only when nothing was raised?',
    'avoids accidentally catching an exception',
  ],
  [
    'lexical',
    'When does the finally clause run?',
    'The finally clause runs whether or not the try statement produces an exception',
  ],
  [
    'identifier',
    'What does ExceptionGroup do?',
    'wraps a list of exception instances so that they can be raised together',
  ],
  [
    'paraphrase',
    'What is wrong with opening a file without closing it in a small script versus a large application?',
    'leaves the file open for an indeterminate amount of time',
  ],
  ['identifier', 'What message does ZeroDivisionError show?', 'ZeroDivisionError: division by zero'],
  // subprocess
  [
    'identifier',
    'When is CalledProcessError raised by subprocess.run?',
    'a CalledProcessError exception will be raised',
  ],
  [
    'lexical',
    'What happens when the timeout expires in subprocess.run?',
    'the child process will be killed and waited for',
  ],
  [
    'paraphrase',
    'Why can reading a child program output through pipes hang forever?',
    'generates enough output to a pipe such that it blocks waiting for the OS pipe buffer',
  ],
  [
    'identifier',
    'Is preexec_fn safe with threads?',
    'The preexec_fn parameter is NOT SAFE to use in the presence of threads',
  ],
  [
    'paraphrase',
    'Can the launched command be hijacked by special shell characters in its arguments if no shell is used?',
    'will never implicitly call a system shell',
  ],
  ['identifier', 'What does subprocess.DEVNULL mean?', 'subprocess.DEVNULL'],
  ['identifier', 'What is the default of close_fds in Popen?', 'close_fds=True'],
  // pathlib
  [
    'lexical',
    'What happens if a segment is an absolute path?',
    'If a segment is an absolute path, all previous segments are ignored',
  ],
  [
    'identifier',
    'What does Path.mkdir raise when exist_ok is false?',
    'FileExistsError is raised if the target directory already exists',
  ],
  ['identifier', 'What does Path.unlink(missing_ok=False) do?', 'Path.unlink(missing_ok=False)'],
  [
    'paraphrase',
    'Which module handles low-level manipulation of paths as strings?',
    'you can also use the os.path module',
  ],
  ['identifier', 'What does PurePath.with_suffix return?', 'PurePath.with_suffix(suffix)'],
  [
    'paraphrase',
    'How do I find all Python files below a directory recursively with the object-oriented path API?',
    "p.glob('**/*.py')",
  ],
  ['identifier', 'What does Path.home() return?', 'Path.home()'],
  // shutil
  ['identifier', 'When is SameFileError raised?', 'SameFileError'],
  [
    'paraphrase',
    'Do the high-level file copying functions keep every piece of file metadata?',
    'cannot copy all file metadata',
  ],
  [
    'identifier',
    'What are the arguments of shutil.rmtree?',
    'rmtree(path, ignore_errors=False, onerror=None, *, dir_fd=None)',
  ],
  ['identifier', 'What does shutil.which do?', 'which(cmd, mode=os.F_OK | os.X_OK, path=None)'],
  ['identifier', 'What fallback does get_terminal_size use?', 'get_terminal_size(fallback=(columns, lines))'],
  ['lexical', 'What is disk_usage?', 'disk_usage(path)'],
  [
    'paraphrase',
    'On a Mac, which parts of a file are not carried over when copying?',
    'the resource fork and other metadata are not used',
  ],
  // venv
  [
    'lexical',
    'How to determine if the current interpreter is running from a virtual environment?',
    'sys.prefix == sys.base_prefix',
  ],
  [
    'paraphrase',
    'What do activation scripts change so that typing python runs the isolated interpreter?',
    'This will prepend that directory to your',
  ],
  ['identifier', 'Which configuration file pyvenv.cfg does venv create?', 'pyvenv.cfg'],
  ['lexical', 'What does the venv module support creating?', 'supports creating lightweight "virtual environments"'],
  [
    'paraphrase',
    'When I am inside an isolated environment, do installers such as pip put packages there without extra flags?',
    'will install Python packages into a virtual environment',
  ],
  ['identifier', 'What is --system-site-packages?', '--system-site-packages'],
  // across documents
  [
    'cross-document',
    'Which exit code does psql return for a script error with ON_ERROR_STOP, and which SQLSTATE is a deadlock?',
    '3 if an error occurred in a script',
    '40P01 deadlock_detected',
  ],
  [
    'cross-document',
    'How do I reload pg_hba.conf, and what does VACUUM FULL do compared to standard VACUUM?',
    'pg_ctl reload',
    'VACUUM FULL can reclaim more disk space but runs much more slowly',
  ],
  [
    'cross-document',
    'What is the default work_mem and which autovacuum setting is the vacuum scale factor?',
    'The default value is four megabytes (4MB)',
    'the vacuum scale factor is autovacuum_vacuum_scale_factor',
  ],
  [
    'cross-document',
    'Which error is raised for invalid JSON, and which exception is raised by subprocess.run with check=True on failure?',
    'a JSONDecodeError will be raised',
    'a CalledProcessError exception will be raised',
  ],
  [
    'cross-document',
    'Which unique index error code is raised for a duplicate key, and how does CREATE UNIQUE INDEX CONCURRENTLY fail on a uniqueness violation?',
    '23505 unique_violation',
    'a uniqueness violation in a unique index',
  ],
  [
    'cross-document',
    'What null string does COPY use in text format, and how does pg_dump --inserts dump data?',
    'The default is \\N (backslash-N) in text format',
    '--inserts',
  ],
  [
    'cross-document',
    'How do I check for a virtual environment via sys.prefix, and how do I find an executable with shutil.which?',
    'sys.prefix == sys.base_prefix',
    'which(cmd, mode=os.F_OK | os.X_OK, path=None)',
  ],
  [
    'cross-document',
    'What does Path.mkdir raise if the directory exists, and what does the finally clause of a try statement guarantee?',
    'FileExistsError is raised if the target directory already exists',
    'The finally clause runs whether or not the try statement produces an exception',
  ],
  [
    'cross-document',
    'How is the memory for hash tables computed, and what does the fillfactor for an index determine?',
    'multiplying work_mem by hash_mem_multiplier',
    'determines how full the index method will try to pack index pages',
  ],
  [
    'cross-document',
    'Which psql option wraps commands in one transaction, and which pg_dump format creates a directory with one file per table?',
    'thereby wrapping all the commands into a single transaction',
    'one file for each table and blob being dumped',
  ],
  [
    'cross-document',
    'Which SQLSTATE is serialization_failure, and what does the visibility map speed up?',
    '40001 serialization_failure',
    'which speeds up index-only scans',
  ],
  [
    'cross-document',
    'Which json.dump argument escapes non-ASCII characters, and what does subprocess.DEVNULL stand for?',
    'If ensure_ascii is true (the default)',
    'subprocess.DEVNULL',
  ],
];

/** The evaluation questions (ids are stable: kind and position). */
export const evalQuestions: EvalQuestion[] = ROWS.map(([kind, question, ...answers], index) => ({
  id: `${kind}-${index + 1}`,
  kind,
  question,
  answers,
}));
