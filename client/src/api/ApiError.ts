/**
 * An answer from the API that was not a success, in the shape every route uses:
 * `{ error: { code, message, field? } }`. `status` 0 means the server was not reached.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  /**
   * The whole `error` object as sent, for the few answers that say more than a message
   * (a 409 naming the existing report or the citing recommendations). Untrusted: read with care.
   */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    status: number,
    code: string,
    message: string,
    field?: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
  }
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return "Too many attempts. Wait a few minutes and try again.";
    return error.message;
  }
  return "Something went wrong. Try again.";
}
