/**
 * Why a file could not be imported. The server maps the kind to a status:
 * `unsupported_type` → 415 (we do not read that kind of file at all),
 * `invalid_file` → 400 (the name promises a format the bytes do not hold, or the file is unreadable),
 * `too_large` → 413 (past one of the import limits: pages, inflated size, passages),
 * `unprocessable` → 422 (a real file of that format that holds nothing to import: a PDF behind a
 * password, a scan without a text layer).
 */
export type ImportErrorKind = "unsupported_type" | "invalid_file" | "too_large" | "unprocessable";

export class ImportError extends Error {
  override readonly name = "ImportError";

  constructor(
    readonly kind: ImportErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
