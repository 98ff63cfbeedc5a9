import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import type { RecommendationView } from "../api/types";
import { ROLE_LABELS } from "../components/labels";
import { LoadingState } from "../components/LoadingState";
import { RecommendationHeader } from "../components/RecommendationHeader";
import { SidePanel } from "../components/SidePanel";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useWorkspace } from "../components/workspaceContext";
import type { CiteTarget } from "../evidence/citeTarget";
import type { Role } from "@accord/domain";

// Tiptap, ProseMirror and Yjs are most of the client's weight: load them only with a recommendation.
const RecommendationEditor = lazy(() =>
  import("../editor/RecommendationEditor").then((module) => ({ default: module.RecommendationEditor })),
);

/** `/briefs/:briefId/recommendations/:recId`: one recommendation's metadata, body and (soon) evidence and comments. */
export function RecommendationPane() {
  const { recId = "" } = useParams();
  const { recommendations, details, user, briefId, watchRecommendation, reloadBrief, reloadRecommendations } = useWorkspace();
  const recommendation = recommendations.find((candidate) => candidate.id === recId);
  useDocumentTitle(recommendation?.title ?? "Recommendation");

  const [citeTarget, setCiteTarget] = useState<CiteTarget | null>(null);

  useEffect(() => watchRecommendation(recId), [recId, watchRecommendation]);

  const onAccessChanged = useCallback(() => {
    void Promise.all([reloadBrief(), reloadRecommendations()]);
  }, [reloadBrief, reloadRecommendations]);

  if (!recommendation) {
    return (
      <section className="workspace-main" aria-labelledby="missing-heading">
        <h1 id="missing-heading">Recommendation not found</h1>
        <p>It may have been deleted, or moved out of this brief.</p>
        <Link to={`/briefs/${encodeURIComponent(briefId)}`}>Back to the brief</Link>
      </section>
    );
  }

  const titleId = "recommendation-title";
  return (
    <>
      <section className="workspace-main recommendation" aria-labelledby={titleId}>
        <RecommendationHeader recommendation={recommendation} titleId={titleId} />
        <Suspense fallback={<LoadingState label="Loading the editor…" />}>
          <RecommendationEditor
            key={recommendation.id}
            recommendationId={recommendation.id}
            user={user}
            editable={recommendation.abilities.editBody}
            readOnlyReason={readOnlyReason(details.role, recommendation)}
            labelledBy={titleId}
            onAccessChanged={onAccessChanged}
            onCiteTarget={setCiteTarget}
          />
        </Suspense>
      </section>
      <SidePanel citeTarget={recommendation.abilities.editBody ? citeTarget : null} />
    </>
  );
}

/** Why the body cannot be edited, in the words of the person reading it. The API decides *whether*. */
function readOnlyReason(role: Role, recommendation: RecommendationView): string | null {
  if (recommendation.abilities.editBody) return null;
  if (recommendation.status === "approved") return "Read-only: this recommendation is approved. A lead can reopen it as a draft.";
  return `Read-only: you are a ${ROLE_LABELS[role].toLowerCase()}.`;
}
