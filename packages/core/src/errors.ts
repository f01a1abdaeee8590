/**
 * One error taxonomy for the whole product. Each code carries its HTTP status;
 * the server maps `DomainError` to `{error: {code, message}}` in one handler.
 * Every code is listed in docs/errors.md with how to fix it.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  NOT_SUPPORTED: 400,
  MALFORMED_JSON: 400,
  INVALID_TRANSITION: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  NOT_OFFERED: 409,
  NOT_ASSIGNEE: 409,
  TAGS_REQUIRED: 400,
  AGENT_INACTIVE: 409,
  /** The platform would refuse this reply: outside WhatsApp's 24 h (send a template) or Messenger's 7 days. */
  REPLY_WINDOW_CLOSED: 409,
  WRONG_PASSWORD: 403,
  JSON_TOO_DEEP: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_SIGNATURE: 401,
  RATE_LIMITED: 429,
  BUSY: 503,
  DATABASE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details;
  }
}

export const notFound = (what: string, id: string) => new DomainError('NOT_FOUND', `${what} ${id} not found`);
