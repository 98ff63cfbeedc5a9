/**
 * Why a file could not be imported. The server maps the kind to a status:
 * `unsupported_type` → 415 (we do not read that kind of file at all),
 * `invalid_file` → 400 (the name promises a format the bytes do not hold, or the file is unreadable).
 */
export type ImportErrorKind = "unsupported_type" | "invalid_file";

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
