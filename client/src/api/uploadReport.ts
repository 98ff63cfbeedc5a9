import { isReportFileName, REPORT_EXTENSIONS_IN_WORDS } from "@accord/domain";
import { ApiError } from "./ApiError";
import type { ImportedReportResult } from "@accord/protocol";

export { REPORT_EXTENSIONS } from "@accord/domain";

export interface UploadProgress {
  loaded: number;
  /** null when the browser cannot tell the size of the request. */
  total: number | null;
}

export interface UploadOptions {
  onProgress: (progress: UploadProgress) => void;
  /** The whole file has been sent: the server is importing it now. */
  onUploaded: () => void;
  signal?: AbortSignal;
  /** Import it even though the same file is already imported (the server titles it "… (copy)"). */
  copy?: boolean;
}

/** Whether the file's name ends with one of the extensions the server imports. */
export function isImportableFile(name: string): boolean {
  return isReportFileName(name);
}

/** What to tell a person when the server refuses a file, if it did not say it better itself. */
function uploadMessage(status: number): string {
  switch (status) {
    case 413:
      return "The file is too large to import (the limit is 25 MB unless your administrator changed it).";
    case 415:
      return `That type of file cannot be imported. Use a ${REPORT_EXTENSIONS_IN_WORDS} file.`;
    case 400:
      return "The file could not be read as a report. Check that it is not damaged or empty.";
    case 403:
      return "Only leads of this brief can import reports.";
    default:
      return "The server could not import the report. Try again.";
  }
}

/**
 * Sends one report file as multipart `file`. XMLHttpRequest rather than fetch: only it
 * reports upload progress. The same error shape as every other call comes back as ApiError.
 */
export function uploadReport(
  path: string,
  file: File,
  { onProgress, onUploaded, signal, copy = false }: UploadOptions,
): Promise<ImportedReportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.responseType = "text";

    xhr.upload.addEventListener("progress", (event) => {
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : null });
    });
    xhr.upload.addEventListener("load", () => onUploaded());

    xhr.addEventListener("load", () => {
      let payload: unknown;
      try {
        payload = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        payload = undefined;
      }
      if (xhr.status === 201 || xhr.status === 200) {
        resolve(payload as ImportedReportResult);
        return;
      }
      const error = (
        payload as
          | { error?: { code?: unknown; message?: unknown; field?: unknown } & Record<string, unknown> }
          | undefined
      )?.error;
      const serverMessage = typeof error?.message === "string" && error.message ? error.message : null;
      reject(
        new ApiError(
          xhr.status,
          typeof error?.code === "string" ? error.code : `http_${xhr.status}`,
          // A proxy's 413 page has no JSON body; ours says which limit.
          serverMessage ?? uploadMessage(xhr.status),
          typeof error?.field === "string" ? error.field : undefined,
          error && typeof error === "object" ? error : {},
        ),
      );
    });
    xhr.addEventListener("error", () =>
      reject(new ApiError(0, "network", "The upload was interrupted. Check your connection and try again.")),
    );
    xhr.addEventListener("abort", () => reject(new DOMException("The upload was cancelled.", "AbortError")));

    if (signal) {
      if (signal.aborted) {
        reject(new DOMException("The upload was cancelled.", "AbortError"));
        return;
      }
      signal.addEventListener("abort", () => xhr.abort(), { once: true });
    }

    const body = new FormData();
    if (copy) body.append("copy", "true");
    body.append("file", file, file.name);
    xhr.send(body);
  });
}
