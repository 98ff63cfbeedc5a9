import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { Api } from "../api/createApi";
import type { ThreadView } from "../api/types";

export type ThreadsState =
  | { status: "loading" }
  | { status: "loaded"; threads: ThreadView[] }
  | { status: "failed"; message: string };

/**
 * A recommendation's review threads in document order (the server sorts them), refetched
 * whenever `version` changes (a notification said they did) and on `reload()`. An answer
 * older than the latest request is dropped. Each anchor carries its thread's quote, so that
 * the editor can find the words again where they were deleted (threads SPEC A7).
 */
export function useThreads(api: Api, briefId: string, recommendationId: string, version: number) {
  const [state, setState] = useState<ThreadsState>({ status: "loading" });
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const ticket = ++generation.current;
    try {
      const { threads } = await api.threads.list(briefId, recommendationId);
      if (ticket === generation.current) setState({ status: "loaded", threads: threads.map(withQuotedAnchor) });
    } catch (error) {
      if (ticket === generation.current) setState((current) => (current.status === "loaded" ? current : { status: "failed", message: errorMessage(error) }));
    }
  }, [api, briefId, recommendationId]);

  useEffect(() => {
    setState({ status: "loading" });
  }, [recommendationId]);

  useEffect(() => {
    void reload();
  }, [reload, version]);

  return { state, reload };
}

/** The editor's CommentAnchor takes an optional `quote` beside the positions (A7). */
function withQuotedAnchor(thread: ThreadView): ThreadView {
  const anchor: ThreadView["anchor"] & { quote: string } = { ...thread.anchor, quote: thread.quote };
  return { ...thread, anchor };
}
