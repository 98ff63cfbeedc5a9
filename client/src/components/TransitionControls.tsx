import type { Status } from "@accord/domain";
import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "../api/ApiError";
import type { RecommendationView } from "@accord/protocol";
import { Dialog } from "./Dialog";
import { STATUS_LABELS, transitionLabel } from "./labels";
import { useWorkspace } from "./workspaceContext";
import { queryKeys } from "../api/queryKeys";
import { useBriefCache } from "../api/useBriefCache";
import { approveAnywayQuestion } from "../claims/claimLabels";

/** What a 409 `open_mismatches` says: how many figures disagree (the message's own count when the field is missing). */
function mismatchCount(error: ApiError): number {
  const count = error.details.count;
  if (typeof count === "number" && Number.isInteger(count) && count > 0) return count;
  const stated = Number.parseInt(error.message, 10);
  return Number.isInteger(stated) && stated > 0 ? stated : 1;
}

interface TransitionControlsProps {
  recommendation: RecommendationView;
  onError: (message: string | null) => void;
}

/** What each move means, said in its dialog before it is made. */
function consequence(from: Status, to: Status): string {
  switch (to) {
    case "in_review":
      return "Reviewers will be asked to read it. Editors can keep editing while it is in review.";
    case "changes_requested":
      return "The editors will see your note in the recommendation's status history.";
    case "approved":
      return "Its text becomes read-only for everyone until a lead reopens it as a draft.";
    case "draft":
      return from === "approved" ? "Its text becomes editable again." : "It leaves the review queue.";
    default: {
      const exhaustive: never = to;
      return exhaustive;
    }
  }
}

/**
 * One button per status this member may move the recommendation to, exactly as the API
 * lists them in `abilities.transitions`. Each opens a small dialog with an optional note,
 * recorded in the status history.
 */
export function TransitionControls({ recommendation, onError }: TransitionControlsProps) {
  const { api, briefId, announce } = useWorkspace();
  const cache = useBriefCache();
  const [target, setTarget] = useState<Status | null>(null);
  const [note, setNote] = useState("");
  const noteId = useId();
  /** The server refused an approval because figures disagree with their evidence: ask before sending it again. */
  const [mismatches, setMismatches] = useState<{ count: number; note: string | undefined } | null>(null);

  function close() {
    setTarget(null);
    setNote("");
  }

  // Not guessed before the answer: the new status comes with new abilities, which only the server decides.
  const transition = useMutation({
    mutationFn: ({ to, note: withNote, confirmed }: { to: Status; note: string | undefined; confirmed?: boolean }) =>
      api.recommendations.transition(briefId, recommendation.id, {
        to,
        ...(withNote ? { note: withNote } : {}),
        ...(confirmed ? { confirmMismatches: true as const } : {}),
      }),
    onMutate: () => onError(null),
    onSuccess: ({ recommendation: moved }, { to }) => {
      cache.putRecommendation(moved);
      announce(`Status changed to ${STATUS_LABELS[to].toLowerCase()}.`);
    },
    onError: (caught, { note: withNote }) => {
      if (caught instanceof ApiError && caught.code === "open_mismatches") {
        setMismatches({ count: mismatchCount(caught), note: withNote });
      } else if (caught instanceof ApiError && caught.code === "open_suggestions") {
        onError(caught.message);
      } else if (caught instanceof ApiError && caught.status === 409) {
        onError("The status changed in the meantime. The current status is shown now; try again if it still applies.");
        void cache.refetch([queryKeys.recommendations(briefId)]);
      } else {
        onError(errorMessage(caught));
      }
    },
    onSettled: () => close(),
  });
  const busy = transition.isPending;
  const go = (to: Status, withNote: string | undefined) => transition.mutate({ to, note: withNote });

  if (recommendation.abilities.transitions.length === 0) return null;
  const label = target ? transitionLabel(recommendation.status, target) : "";
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of action buttons, not form fields: a fieldset would announce it as part of a form
    <div className="transition-controls" role="group" aria-label="Change status">
      {recommendation.abilities.transitions.map((to) => (
        <button
          key={to}
          type="button"
          className={`button button-small ${to === "approved" || to === "in_review" ? "button-primary" : "button-secondary"}`}
          disabled={busy}
          onClick={() => setTarget(to)}
        >
          {transitionLabel(recommendation.status, to)}
        </button>
      ))}
      <Dialog
        open={target !== null}
        onClose={close}
        title={`${label}?`}
        description={target ? consequence(recommendation.status, target) : undefined}
      >
        <form
          onSubmit={(event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            if (target) void go(target, note.trim() || undefined);
          }}
        >
          <div className="field">
            <label htmlFor={noteId}>
              {target === "changes_requested" ? "What should change? (optional)" : "Note (optional)"}
            </label>
            <textarea
              id={noteId}
              rows={4}
              maxLength={2000}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              autoFocus
            />
          </div>
          <div className="dialog-actions">
            <button type="button" className="button button-secondary" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? "Saving…" : label}
            </button>
          </div>
        </form>
      </Dialog>
      <Dialog
        open={mismatches !== null}
        onClose={() => setMismatches(null)}
        title="Figures disagree with their evidence"
        description={mismatches ? approveAnywayQuestion(mismatches.count) : undefined}
      >
        <p className="muted small">The Figures tab shows each one beside its evidence.</p>
        <div className="dialog-actions">
          <button type="button" className="button button-secondary" onClick={() => setMismatches(null)}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            data-testid="approve-anyway"
            disabled={busy}
            onClick={() => {
              const withNote = mismatches?.note;
              setMismatches(null);
              transition.mutate({ to: "approved", note: withNote, confirmed: true });
            }}
          >
            Approve anyway
          </button>
        </div>
      </Dialog>
    </div>
  );
}
