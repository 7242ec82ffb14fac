/**
 * A failure the CLI explains itself: printed as is (or as JSON with --json). Exit code 2 for a usage
 * or input problem by default; 3 when the studio cannot be reached or stops answering.
 */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode: number;

  constructor(message: string, options: { code?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'CliError';
    this.code = options.code ?? 'USAGE';
    this.exitCode = options.exitCode ?? 2;
  }
}
