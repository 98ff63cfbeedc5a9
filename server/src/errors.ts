import { CloseCode } from "@accord/protocol";

/**
 * The few errors a command may throw. Each has a stable `code` for the API,
 * an HTTP status, and a close code for the document socket.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly closeCode: number = CloseCode.MalformedMessage;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Fields the error body carries besides code, message and field (a count, say); none by default. */
  get details(): Readonly<Record<string, string | number>> | undefined {
    return undefined;
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = "invalid";
}

export class UnauthenticatedError extends AppError {
  readonly status = 401;
  readonly code = "unauthenticated";
  constructor(message = "You need to log in.") {
    super(message);
  }
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = "forbidden";
  override readonly closeCode = CloseCode.AccessRevoked;
  constructor(message = "You do not have permission to do that.") {
    super(message);
  }
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = "not_found";
  constructor(what = "resource") {
    super(`No such ${what}.`);
  }
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = "conflict";
}

export class TooLargeError extends AppError {
  readonly status = 413;
  readonly code = "too_large";
  override readonly closeCode = CloseCode.FrameTooLarge;
}

export class UnsupportedTypeError extends AppError {
  readonly status = 415;
  readonly code = "unsupported_type";
}
