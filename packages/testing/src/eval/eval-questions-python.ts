import type { EvalQuestionRow } from './eval-question';

/** Questions over the Python pages, and those that need two documents. */
export const PYTHON_AND_CROSS_ROWS: EvalQuestionRow[] = [
  // Python json
  [
    'lexical',
    'What happens if the data being deserialized is not a valid JSON document?',
    'a JSONDecodeError will be raised',
  ],
  ['identifier', 'What does ensure_ascii do in json.dump?', 'If ensure_ascii is true (the default)'],
  ['paraphrase', 'Which standards documents define the syntax of JSON?', 'RFC 7159'],
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
    'What happens when encoding infinity or NaN once the spec-conformance switch is on?',
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
    'What is wrong with iterating over a file handle that is never explicitly released, in a short script versus a big program?',
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
    'Why can a program I launched stall forever when it prints a lot and I just sit until it exits?',
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
    'Besides the object-oriented API, what lets me treat file system locations as plain text?',
    'you can also use the os.path module',
  ],
  ['identifier', 'What does PurePath.with_suffix return?', 'PurePath.with_suffix(suffix)'],
  [
    'paraphrase',
    'How do I collect every .py module beneath a folder, however deeply nested, with the object-oriented API?',
    "p.glob('**/*.py')",
  ],
  ['identifier', 'What does Path.home() return?', 'Path.home()'],
  // shutil
  ['identifier', 'When is SameFileError raised?', 'SameFileError'],
  ['paraphrase', 'Do the convenience duplication helpers carry over every attribute?', 'cannot copy all file metadata'],
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
    'What do the activate helpers alter so that typing python starts the sandboxed copy?',
    'This will prepend that directory to your',
  ],
  ['identifier', 'Which configuration file pyvenv.cfg does venv create?', 'pyvenv.cfg'],
  ['lexical', 'What does the venv module support creating?', 'supports creating lightweight "virtual environments"'],
  [
    'paraphrase',
    'Once I am inside an isolated setup, does pip put libraries there without extra flags?',
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
