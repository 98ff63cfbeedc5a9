import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { errorMessage } from "../api/ApiError";
import type { Api } from "../api/createApi";
import { queryKeys } from "../api/queryKeys";
import type { ThreadView } from "@accord/protocol";

export type ThreadsState =
  | { status: "loading" }
  | { status: "loaded"; threads: ThreadView[] }
  | { status: "failed"; message: string };

/**
 * A recommendation's review threads in document order (the server sorts them), refetched
 * whenever a notification or this window's own change says they changed. A failed refetch keeps
 * the threads shown. Each anchor carries its thread's quote, so that the editor can find the
 * words again where they were deleted (threads SPEC A7).
 */
export function useThreads(api: Api, briefId: string, recommendationId: string): { state: ThreadsState } {
  const query = useQuery({
    queryKey: queryKeys.threads(briefId, recommendationId),
    queryFn: async ({ signal }) =>
      (await api.threads.list(briefId, recommendationId, signal)).threads.map(withQuotedAnchor),
  });
  const { data, isError, error } = query;
  const state = useMemo((): ThreadsState => {
    if (data) return { status: "loaded", threads: data };
    if (isError) return { status: "failed", message: errorMessage(error) };
    return { status: "loading" };
  }, [data, isError, error]);
  return { state };
}

/** The editor's CommentAnchor takes an optional `quote` beside the positions (A7). */
function withQuotedAnchor(thread: ThreadView): ThreadView {
  const anchor: ThreadView["anchor"] & { quote: string } = { ...thread.anchor, quote: thread.quote };
  return { ...thread, anchor };
}
