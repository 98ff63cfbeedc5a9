import { useCallback, useEffect, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { BibliographyApi } from "./bibliographyApi";
import type { BriefSource } from "./sourceTypes";

export type SourcesState = { status: "loading" } | { status: "loaded"; sources: BriefSource[] } | { status: "failed"; message: string };

/**
 * The brief's sources, oldest first as the server lists them, with what this window changed
 * applied at once; refetched whenever `changedElsewhere` changes, the last answer kept meanwhile.
 */
export function useSources(bibliography: BibliographyApi, briefId: string, changedElsewhere: number) {
  const [state, setState] = useState<SourcesState>({ status: "loading" });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    bibliography.listSources(briefId, controller.signal).then(
      ({ sources }) => {
        if (!controller.signal.aborted) setState({ status: "loaded", sources });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "failed", message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [bibliography, briefId, version, changedElsewhere]);

  const update = useCallback((change: (sources: BriefSource[]) => BriefSource[]) => {
    setState((current) => (current.status === "loaded" ? { status: "loaded", sources: change(current.sources) } : current));
  }, []);

  return {
    state,
    reload: useCallback(() => setVersion((value) => value + 1), []),
    added: useCallback((sources: BriefSource[]) => update((current) => [...current, ...sources.filter((s) => !current.some((c) => c.id === s.id))]), [update]),
    replaced: useCallback((source: BriefSource) => update((current) => current.map((s) => (s.id === source.id ? source : s))), [update]),
    removed: useCallback((sourceId: string) => update((current) => current.filter((s) => s.id !== sourceId)), [update]),
  };
}
