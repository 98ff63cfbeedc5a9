import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./ApiError";

/** How long an answer counts as fresh: long enough that moving between screens does not ask again at once. */
export const STALE_MS = 5_000;

/** One more try, after this long, for a request that failed without a refusal. */
export const RETRY_DELAY_MS = 500;

/**
 * Whether a failed read is worth a second try. A refusal (4xx) says the same thing every time,
 * and a 401 already took the app to the login page; an unreachable server or a 5xx gets one retry.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 1) return false;
  if (error instanceof DOMException && error.name === "AbortError") return false;
  if (error instanceof ApiError) return error.status === 0 || error.status >= 500;
  return false;
}

/**
 * The app's one cache of server state, built once in main.tsx. Freshness comes from socket.io:
 * the workspace invalidates the keys an event names (realtime/liveQueryKeys.ts), so focus and
 * reconnection refetches are off (a reconnection of the brief's socket refetches the brief instead).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: STALE_MS,
        retry: shouldRetry,
        retryDelay: RETRY_DELAY_MS,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: { retry: false },
    },
  });
}
