import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useNavigate } from "react-router";
import { canRenameOrMoveRecommendation } from "@accord/domain";
import { errorMessage } from "../api/ApiError";
import type { RecommendationView } from "@accord/protocol";
import { useBriefCache } from "../api/useBriefCache";
import { Dialog } from "./Dialog";
import { ErrorBanner } from "./ErrorBanner";
import { InlineRenameForm } from "./InlineRenameForm";
import { StatusPill } from "./StatusPill";
import { TransitionControls } from "./TransitionControls";
import { useBriefDetails, useSectors, useWorkspace } from "./workspaceContext";

interface RecommendationHeaderProps {
  recommendation: RecommendationView;
  titleId: string;
}

/** Title (rename), sector (move), status and its transitions, and delete for leads. */
export function RecommendationHeader({ recommendation, titleId }: RecommendationHeaderProps) {
  const { api, briefId, announce } = useWorkspace();
  const details = useBriefDetails();
  const sectors = useSectors();
  const cache = useBriefCache();
  const navigate = useNavigate();
  const [renaming, setRenaming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const sectorSelectId = useId();
  const lockNoteId = useId();
  const { abilities } = recommendation;
  // Approval locks the title, sector and order (the server answers 409): the controls say so.
  const mayRenameOrMove = canRenameOrMoveRecommendation(details.role, recommendation);
  const lockedByApproval = abilities.update && !mayRenameOrMove;
  const mayReopen = abilities.transitions.includes("draft");
  const sector = sectors.find((candidate) => candidate.id === recommendation.sectorId);

  const guessed = (change: Partial<Pick<RecommendationView, "sectorId" | "title">>) =>
    cache.guessRecommendations((current) => current.map((r) => (r.id === recommendation.id ? { ...r, ...change } : r)));

  // Shown in its new sector at once; where in it is the server's to say (its answer replaces the guess).
  const move = useMutation({
    mutationFn: (sectorId: string) => api.recommendations.update(briefId, recommendation.id, { sectorId }),
    onMutate: async (sectorId) => {
      setError(null);
      return { rollback: await guessed({ sectorId }) };
    },
    onSuccess: ({ recommendation: moved }, sectorId) => {
      cache.putRecommendation(moved);
      announce(`Moved to ${sectors.find((candidate) => candidate.id === sectorId)?.name ?? "another sector"}.`);
    },
    onError: (caught, _sectorId, context) => {
      context?.rollback();
      setError(errorMessage(caught));
    },
  });

  const rename = useMutation({
    mutationFn: (title: string) => api.recommendations.update(briefId, recommendation.id, { title }),
    onMutate: async (title) => ({ rollback: await guessed({ title }) }),
    onSuccess: ({ recommendation: renamed }) => cache.putRecommendation(renamed),
    onError: (_caught, _title, context) => context?.rollback(),
  });

  async function remove() {
    setDeleting(true);
    try {
      await api.recommendations.remove(briefId, recommendation.id);
      cache.dropRecommendation(recommendation.id);
      announce(`Recommendation “${recommendation.title}” deleted.`);
      navigate(`/briefs/${encodeURIComponent(briefId)}`, { replace: true });
    } catch (caught) {
      setConfirmDelete(false);
      setDeleting(false);
      setError(errorMessage(caught));
    }
  }

  return (
    <header className="recommendation-header">
      <p className="eyebrow">{sector ? sector.name : "Recommendation"}</p>
      {renaming ? (
        <InlineRenameForm
          label="Recommendation title"
          initialValue={recommendation.title}
          maxLength={300}
          className="title-form"
          inputClassName="title-input"
          onCancel={() => setRenaming(false)}
          onSave={async (title) => {
            try {
              await rename.mutateAsync(title);
              setRenaming(false);
              announce("Title saved.");
            } catch (caught) {
              throw new Error(errorMessage(caught));
            }
          }}
        />
      ) : (
        <div className="title-row">
          <h1 id={titleId}>{recommendation.title}</h1>
          {mayRenameOrMove ? (
            <button type="button" className="button-link" onClick={() => setRenaming(true)}>
              Rename<span className="visually-hidden"> recommendation</span>
            </button>
          ) : null}
        </div>
      )}

      <div className="recommendation-meta">
        <div className="recommendation-facts">
          <StatusPill status={recommendation.status} />
          {abilities.update && sectors.length > 1 ? (
            <div className="inline-field">
              <label htmlFor={sectorSelectId}>Sector</label>
              <select
                id={sectorSelectId}
                value={recommendation.sectorId}
                disabled={move.isPending || lockedByApproval}
                aria-describedby={lockedByApproval ? lockNoteId : undefined}
                onChange={(event) => move.mutate(event.target.value)}
              >
                {sectors.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {lockedByApproval ? (
            <p className="field-hint" id={lockNoteId} data-testid="approval-lock">
              {mayReopen
                ? "Approved — reopen it as a draft to rename or move it."
                : "Approved — a lead must reopen it to rename or move it."}
            </p>
          ) : null}
          {recommendation.citedEvidenceIds.length === 0 ? (
            <span className="no-citations">No citations</span>
          ) : (
            <span className="muted small">
              {recommendation.citedEvidenceIds.length} citation{recommendation.citedEvidenceIds.length === 1 ? "" : "s"}
            </span>
          )}
        </div>
        <div className="recommendation-actions">
          <TransitionControls recommendation={recommendation} onError={setError} />
          {abilities.delete ? (
            <button
              type="button"
              className="button button-danger-quiet button-small"
              onClick={() => setConfirmDelete(true)}
            >
              Delete…
            </button>
          ) : null}
        </div>
      </div>
      <ErrorBanner message={error} onDismiss={() => setError(null)} />

      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this recommendation?"
        description={`“${recommendation.title}” and its text will be deleted for everyone. This cannot be undone.`}
      >
        <div className="dialog-actions">
          <button type="button" className="button button-secondary" onClick={() => setConfirmDelete(false)}>
            Cancel
          </button>
          <button type="button" className="button button-danger" onClick={remove} disabled={deleting}>
            {deleting ? "Deleting…" : "Delete recommendation"}
          </button>
        </div>
      </Dialog>
    </header>
  );
}
