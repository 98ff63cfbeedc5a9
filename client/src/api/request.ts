import { ApiError } from "./ApiError";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RequestOptions {
  body?: unknown;
  /**
   * Whether a 401 means "the session ended" (true for everything but the auth
   * endpoints themselves, where a 401 is an ordinary answer such as a wrong password).
   * @default true
   */
  sessionRequired?: boolean;
  signal?: AbortSignal;
}

export type Request = <T>(method: HttpMethod, path: string, options?: RequestOptions) => Promise<T>;

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; field?: unknown };
}

/**
 * The one place the client talks HTTP. Same origin, so the session cookie travels by
 * itself; `onSessionEnded` lets the app return to the login page when any call finds
 * the session gone.
 */
export function createRequest({ onSessionEnded }: { onSessionEnded: () => void }): Request {
  return async function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const { body, sessionRequired = true, signal } = options;
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        credentials: "same-origin",
        headers:
          body === undefined
            ? { Accept: "application/json" }
            : { Accept: "application/json", "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") throw error;
      throw new ApiError(0, "network", "Could not reach the server. Check your connection and try again.");
    }

    if (response.status === 204) return undefined as T;

    // Aborting after the headers arrived fails the body read, not the fetch: that is still
    // an abort, never a successful answer without a body.
    let text = "";
    try {
      text = await response.text();
    } catch (error) {
      if (signal?.aborted || (error instanceof DOMException && error.name === "AbortError")) throw abortError(signal);
      if (response.ok)
        throw new ApiError(0, "network", "Could not reach the server. Check your connection and try again.");
    }
    const payload = parseJson(text);
    if (response.ok) {
      if (payload === undefined && text.trim() !== "") {
        throw new ApiError(response.status, "bad_response", "The server sent an answer that could not be read.");
      }
      return payload as T;
    }

    if (response.status === 401 && sessionRequired) onSessionEnded();
    const error = (payload as ErrorBody | undefined)?.error;
    throw new ApiError(
      response.status,
      typeof error?.code === "string" ? error.code : `http_${response.status}`,
      typeof error?.message === "string" ? error.message : defaultMessage(response.status),
      typeof error?.field === "string" ? error.field : undefined,
      error && typeof error === "object" ? (error as Record<string, unknown>) : {},
    );
  };
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function abortError(signal: AbortSignal | undefined): unknown {
  const reason: unknown = signal?.reason;
  return reason instanceof DOMException && reason.name === "AbortError"
    ? reason
    : new DOMException("The request was aborted.", "AbortError");
}

function defaultMessage(status: number): string {
  switch (status) {
    case 401:
      return "Your session has ended. Log in again.";
    case 403:
      return "You do not have permission to do that.";
    case 404:
      return "Not found.";
    case 409:
      return "That conflicts with the current state. Reload and try again.";
    case 413:
      return "That is too large.";
    case 429:
      return "Too many attempts. Wait a few minutes and try again.";
    default:
      return "The server could not complete the request.";
  }
}
