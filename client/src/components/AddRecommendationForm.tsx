import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { errorMessage } from "../api/ApiError";
import type { Sector } from "@accord/protocol";
import { useWorkspace } from "./workspaceContext";
import { useBriefCache } from "../api/useBriefCache";

/** "Add recommendation" under a sector: opens a one-field form, creates, and opens the new recommendation. */
export function AddRecommendationForm({ sector }: { sector: Sector }) {
  const { api, briefId, announce } = useWorkspace();
  const { putRecommendation } = useBriefCache();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);

  function close() {
    setOpen(false);
    setTitle("");
    setError(null);
    // The toggle is rendered again on the next paint; return focus to it then.
    requestAnimationFrame(() => toggleRef.current?.focus());
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!title.trim()) {
      setError("Enter a title.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { recommendation } = await api.recommendations.create(briefId, {
        sectorId: sector.id,
        title: title.trim(),
      });
      putRecommendation(recommendation);
      setOpen(false);
      setTitle("");
      announce(`Recommendation “${recommendation.title}” created in ${sector.name}.`);
      navigate(`/briefs/${encodeURIComponent(briefId)}/recommendations/${encodeURIComponent(recommendation.id)}`);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button ref={toggleRef} type="button" className="button-link add-recommendation" onClick={() => setOpen(true)}>
        + Add recommendation<span className="visually-hidden"> to {sector.name}</span>
      </button>
    );
  }
  return (
    <form className="add-recommendation-form" onSubmit={onSubmit} noValidate>
      <label htmlFor={inputId} className="small">
        New recommendation in {sector.name}
      </label>
      <input
        ref={inputRef}
        id={inputId}
        value={title}
        maxLength={300}
        placeholder="Title"
        aria-invalid={error ? true : undefined}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            close();
          }
        }}
      />
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="inline-form-actions">
        <button type="submit" className="button button-primary button-small" disabled={busy}>
          {busy ? "Creating…" : "Create"}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
