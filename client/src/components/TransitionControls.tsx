import type { Status } from "@accord/domain";
import { useId, useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "../api/ApiError";
import type { RecommendationView } from "../api/types";
import { Dialog } from "./Dialog";
import { STATUS_LABELS, transitionLabel } from "./labels";
import { useWorkspace } from "./workspaceContext";

interface TransitionControlsProps {
  recommendation: RecommendationView;
  onError: (message: string | null) => void;
}

/**
 * One button per status this member may move the recommendation to, exactly as the API
 * lists them in `abilities.transitions`. Requesting changes asks for an optional note.
 */
export function TransitionControls({ recommendation, onError }: TransitionControlsProps) {
  const { api, briefId, putRecommendation, reloadRecommendations, announce } = useWorkspace();
  const [busy, setBusy] = useState<Status | null>(null);
  const [noteFor, setNoteFor] = useState<Status | null>(null);
  const [note, setNote] = useState("");
  const noteId = useId();

  async function go(to: Status, withNote?: string) {
    setBusy(to);
    onError(null);
    try {
      const { recommendation: moved } = await api.recommendations.transition(briefId, recommendation.id, {
        to,
        ...(withNote ? { note: withNote } : {}),
      });
      putRecommendation(moved);
      announce(`Status changed to ${STATUS_LABELS[to].toLowerCase()}.`);
      setNoteFor(null);
      setNote("");
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) {
        onError("The status changed in the meantime. The current status is shown now; try again if it still applies.");
        void reloadRecommendations();
      } else {
        onError(errorMessage(caught));
      }
      setNoteFor(null);
    } finally {
      setBusy(null);
    }
  }

  if (recommendation.abilities.transitions.length === 0) return null;
  return (
    <div className="transition-controls" role="group" aria-label="Change status">
      {recommendation.abilities.transitions.map((to) => (
        <button
          key={to}
          type="button"
          className={`button button-small ${to === "approved" || to === "in_review" ? "button-primary" : "button-secondary"}`}
          disabled={busy !== null}
          onClick={() => (to === "changes_requested" ? setNoteFor(to) : void go(to))}
        >
          {busy === to ? "Saving…" : transitionLabel(recommendation.status, to)}
        </button>
      ))}
      <Dialog open={noteFor !== null} onClose={() => setNoteFor(null)} title="Request changes">
        <form
          onSubmit={(event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            if (noteFor) void go(noteFor, note.trim() || undefined);
          }}
        >
          <div className="field">
            <label htmlFor={noteId}>What should change? (optional)</label>
            <textarea id={noteId} rows={4} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} autoFocus />
          </div>
          <div className="dialog-actions">
            <button type="button" className="button button-secondary" onClick={() => setNoteFor(null)}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={busy !== null}>
              Request changes
            </button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
