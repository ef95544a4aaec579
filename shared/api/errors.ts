/**
 * What crosses the API boundary when a call fails: a stable code for programs, a Chinese sentence for the
 * person at the counter, and optional details (for bad input: every field that is wrong).
 */
export const ERROR_CODES = {
  BAD_INPUT: 'BAD_INPUT',
  UNKNOWN_METHOD: 'UNKNOWN_METHOD',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  UNAVAILABLE: 'UNAVAILABLE',
  READ_ONLY: 'READ_ONLY',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export interface FieldIssue {
  /** JSON path of the offending field, e.g. `lines[2].qty`; empty for the input as a whole. */
  path: string;
  message: string;
}

export interface ApiErrorShape {
  code: ErrorCode;
  message: string;
  details?: { issues?: FieldIssue[] } & Record<string, unknown>;
}

/** Thrown by services for failures a person must read; anything else becomes INTERNAL. */
export class ApiError extends Error implements ApiErrorShape {
  readonly code: ErrorCode;
  readonly details: ApiErrorShape['details'];

  constructor(code: ErrorCode, message: string, details?: ApiErrorShape['details']) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }

  toShape(): ApiErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** The one envelope every transport (IPC, HTTP) carries, so failures survive structured cloning intact. */
export type Envelope<T = unknown> = { ok: true; result: T } | { ok: false; error: ApiErrorShape };

/** Formats a path array (`['lines', 2, 'qty']`) as the JSON path people and tests read: `lines[2].qty`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
