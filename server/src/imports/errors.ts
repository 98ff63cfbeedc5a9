import { AppError } from "../errors.js";

/** A second import into a brief while one is still being read or stored. */
export class ImportInProgressError extends AppError {
  readonly status = 409;
  readonly code = "import_in_progress";
  constructor() {
    super("file: another report is being imported into this brief; import this one when it has finished.", "file");
  }
}

/** Every import worker is busy and the queue is full (or the server is stopping). */
export class ImportsBusyError extends AppError {
  readonly status = 503;
  readonly code = "busy";
  /** Seconds a client should wait before trying again (sent as `Retry-After`). */
  readonly retryAfterSeconds = 5;
  constructor(message: string) {
    super(message, "file");
  }
}

/** A file of a format Accord reads that holds nothing it can import, or that ran past the time budget. */
export class UnprocessableError extends AppError {
  readonly status = 422;
  readonly code = "unprocessable";
}
