/**
 * What kind of failure a domain error is; transports map a kind to their own status
 * (tRPC code, HTTP status) in one place, so core never knows about them.
 */
export type DomainErrorKind =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'timeout'
  | 'cancelled'
  | 'budget_exceeded'
  | 'internal';

/** A field-level problem, addressed by a dotted path ("chunk_overlap"). */
export interface FieldIssue {
  path: string;
  message: string;
}

const marker = Symbol.for('studio.domain-error');

/** Base of every error core throws on purpose: a stable `code` clients can switch on, and a kind. */
export class DomainError extends Error {
  readonly [marker] = true;
  readonly code: string;
  readonly kind: DomainErrorKind;
  readonly issues: FieldIssue[];
  /** Facts a client can act on (a conflict's current version); sent to clients as `data.details`. */
  readonly details: Record<string, string | number> | undefined;

  constructor(
    kind: DomainErrorKind,
    code: string,
    message: string,
    options?: { cause?: unknown; issues?: FieldIssue[]; details?: Record<string, string | number> },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.issues = options?.issues ?? [];
    this.details = options?.details;
  }

  /** Works across module copies, unlike `instanceof`. */
  static isInstance(error: unknown): error is DomainError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
