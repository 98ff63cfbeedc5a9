import type { Member, VersionSummary } from "@accord/protocol";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { errorMessage } from "../api/ApiError";
import { queryKeys } from "../api/queryKeys";
import { StatusPill } from "../components/StatusPill";
import { useWorkspace } from "../components/workspaceContext";
import { formatFullTime, formatWhen } from "../review/formatWhen";
import { SaveVersionForm } from "./SaveVersionForm";
import { useVersions, useVersionsApi } from "./useVersions";
import { authorNames, versionTime } from "./versionLabels";
import { NOW, type VersionView } from "./versionView";
import "../styles/versions.css";

interface HistoryPanelProps {
  recommendationId: string;
  members: readonly Member[];
  /** From the API's `abilities.update` (editors and leads): "Save version…". */
  canSave: boolean;
  /** The version shown in the main column, if any (its row is marked). */
  view: VersionView | null;
  onView: (view: VersionView) => void;
}

/**
 * The History tab: the recommendation's saved versions, newest first (who, when, the status
 * then), each to open read-only or compare with the current text; "Save version…" for
 * editors and leads; and, for everyone, what changed since their own last review.
 */
export function HistoryPanel({ recommendationId, members, canSave, view, onView }: HistoryPanelProps) {
  const { briefId, announce } = useWorkspace();
  const api = useVersionsApi();
  const queryClient = useQueryClient();
  const versions = useVersions(api, briefId, recommendationId);
  const [saving, setSaving] = useState(false);
  const [lastReview, setLastReview] = useState<{ busy: boolean; message: string | null }>({
    busy: false,
    message: null,
  });

  // The form replaces the button: closing it puts focus back on the button.
  const saveButton = useRef<HTMLButtonElement>(null);
  const closeForm = useCallback(() => {
    setSaving(false);
    window.requestAnimationFrame(() => saveButton.current?.focus());
  }, []);

  async function save(name: string) {
    const { version } = await api.save(briefId, recommendationId, name);
    closeForm();
    announce(`Version “${version.name}” saved.`);
    // The notification may come later, or not at all.
    void queryClient.invalidateQueries({ queryKey: queryKeys.versions(briefId, recommendationId) });
  }

  async function sinceLastReview() {
    // Not disabled while it asks: a disabled button loses focus, and the viewer returns focus to it.
    if (lastReview.busy) return;
    setLastReview({ busy: true, message: null });
    try {
      const { version } = await queryClient.fetchQuery({
        queryKey: queryKeys.lastReview(briefId, recommendationId),
        queryFn: ({ signal }) => api.lastReview(briefId, recommendationId, signal),
        staleTime: 0,
      });
      if (!version) {
        setLastReview({ busy: false, message: "You have not reviewed this recommendation yet." });
        return;
      }
      setLastReview({ busy: false, message: null });
      onView({ versionId: version.id, compareWith: NOW });
    } catch (caught) {
      setLastReview({ busy: false, message: errorMessage(caught) });
    }
  }

  return (
    <section className="history-panel" aria-label="Version history">
      <div className="history-actions">
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => void sinceLastReview()}
          aria-busy={lastReview.busy || undefined}
        >
          What changed since my last review
        </button>
        {canSave && !saving ? (
          <button
            ref={saveButton}
            type="button"
            className="button button-secondary button-small"
            onClick={() => setSaving(true)}
          >
            Save version…
          </button>
        ) : null}
      </div>
      {lastReview.message ? (
        <p className="history-message" role="status" data-testid="last-review-message">
          {lastReview.message}
        </p>
      ) : null}
      {saving ? <SaveVersionForm onSave={save} onCancel={closeForm} /> : null}
      {versions.data ? (
        versions.data.length === 0 ? (
          <p className="empty-state">
            No versions yet. One is saved at every change of status, after a pause in editing, and whenever an editor
            saves one.
          </p>
        ) : (
          <ol className="version-list" aria-label="Versions, newest first">
            {versions.data.map((version) => (
              <VersionItem
                key={version.id}
                version={version}
                members={members}
                shown={view?.versionId === version.id || view?.compareWith === version.id}
                onView={onView}
              />
            ))}
          </ol>
        )
      ) : versions.isError ? (
        <p className="banner banner-error" role="alert">
          The versions could not be loaded: {errorMessage(versions.error)}
        </p>
      ) : (
        <p className="loading">Loading the versions…</p>
      )}
    </section>
  );
}

function VersionItem({
  version,
  members,
  shown,
  onView,
}: {
  version: VersionSummary;
  members: readonly Member[];
  shown: boolean;
  onView: (view: VersionView) => void;
}) {
  const authors = authorNames(version.authorIds, members);
  return (
    <li className={`version-item${shown ? " version-item-shown" : ""}`} data-testid="version" data-kind={version.kind}>
      <div className="version-heading">
        <span className="version-name" data-testid="version-name">
          {version.name}
        </span>
        <StatusPill status={version.status} />
      </div>
      <p className="version-meta">
        {authors ? <span className="version-authors">{authors}</span> : null}
        {authors ? <span aria-hidden="true"> · </span> : null}
        <time dateTime={version.createdAt} title={formatFullTime(version.createdAt)}>
          {formatWhen(version.createdAt)}
          <span className="version-absolute"> ({versionTime(version.createdAt)})</span>
        </time>
      </p>
      <div className="version-actions">
        <button
          type="button"
          className="button-link"
          aria-label={`View: “${version.name}”`}
          onClick={() => onView({ versionId: version.id, compareWith: null })}
        >
          View
        </button>
        <button
          type="button"
          className="button-link"
          // Starts with the visible words, so a voice command "click Compare with now" finds it.
          aria-label={`Compare with now: “${version.name}”`}
          onClick={() => onView({ versionId: version.id, compareWith: NOW })}
        >
          Compare with now
        </button>
      </div>
    </li>
  );
}
