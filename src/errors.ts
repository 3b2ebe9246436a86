// AppError: errors as data, with a code the HTTP layer maps to a status.
export const ERROR_CODES = [
  'bad_input',
  'not_found',
  'too_large',
  'unsupported_type',
  'unprocessable',
  'bad_encoding',
  'empty',
  'conflict',
  'upstream',
  'index_mismatch',
  'misconfigured',
  'no_evidence',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'storage_full',
  'storage_readonly',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export const isErrorCode = (code: unknown): code is ErrorCode =>
  (ERROR_CODES as readonly unknown[]).includes(code);

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** The file or resource the error is about, when there is one. */
  readonly subject?: string;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { subject?: string; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.subject = opts.subject;
  }

  toJSON() {
    return { error: { code: this.code, message: this.message } };
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
