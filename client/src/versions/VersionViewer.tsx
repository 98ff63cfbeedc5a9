import { SUGGESTION_SKIP } from "@accord/editor";
import type { VersionSummary } from "@accord/protocol";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { errorMessage } from "../api/ApiError";
import { queryKeys } from "../api/queryKeys";
import { LoadingState } from "../components/LoadingState";
import { useWorkspace } from "../components/workspaceContext";
import type { LiveDocument } from "./liveDocument";
import { RestoreVersionDialog, type RestoreStep } from "./RestoreVersionDialog";
import { useVersion, useVersions, useVersionsApi, versionQuery } from "./useVersions";
import { VersionDocument, type VersionDocumentResult } from "./VersionDocument";
import { beforeRestoringName, changeSummary, describeChange, versionLabel, versionTime } from "./versionLabels";
import { NOW, type VersionView } from "./versionView";
import "../styles/versions.css";

const NO_VERSIONS: readonly VersionSummary[] = [];

/** How long a restore waits for the server to confirm storing the restored text. */
const RESTORE_SAVE_TIMEOUT_MS = 30_000;
/** The live text compared with is read again this long after the last change to it. */
const NOW_REFRESH_MS = 400;

interface VersionViewerProps {
  recommendationId: string;
  view: VersionView;
  /** The live editor, for "now" and for restoring; null while it is not open. */
  live: LiveDocument | null;
  /** From the API's `abilities.editBody` (editors and leads, not approved). */
  canRestore: boolean;
  onView: (view: VersionView) => void;
  onClose: () => void;
}

/**
 * Shown in place of the live editor: a saved version read-only, or two versions (or a version
 * and the current text) compared, with "Restore this version" for those who may edit.
 */
export function VersionViewer({ recommendationId, view, live, canRestore, onView, onClose }: VersionViewerProps) {
  const { briefId, announce } = useWorkspace();
  const api = useVersionsApi();
  const queryClient = useQueryClient();
  const headingId = useId();
  const selectId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const versions = useVersions(api, briefId, recommendationId).data ?? NO_VERSIONS;
  const version = versions.find((candidate) => candidate.id === view.versionId) ?? null;
  const other =
    view.compareWith && view.compareWith !== NOW
      ? (versions.find((candidate) => candidate.id === view.compareWith) ?? null)
      : null;
  const opened = useVersion(api, briefId, recommendationId, view.versionId);
  const compared = useVersion(api, briefId, recommendationId, other?.id ?? null);
  const nowDoc = useLiveText(view.compareWith === NOW ? live : null);
  const [result, setResult] = useState<VersionDocumentResult | null>(null);
  const [restore, setRestore] = useState<RestoreStep | null>(null);

  // A new view is announced through its heading, which takes focus.
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves when what is shown changes
  useEffect(() => {
    headingRef.current?.focus();
    setResult(null);
  }, [view.versionId, view.compareWith]);

  const onResult = useCallback((next: VersionDocumentResult) => {
    setResult(next);
    setCurrentChange(-1);
  }, []);
  // Which change "Next change" last moved to; the text takes focus there and the change is announced.
  const [currentChange, setCurrentChange] = useState(-1);
  function step(shown: Extract<VersionDocumentResult, { status: "shown" }>, delta: number) {
    const changes = shown.diff?.changes ?? [];
    if (changes.length === 0) return;
    const next =
      currentChange < 0 && delta < 0 ? changes.length - 1 : (currentChange + delta + changes.length) % changes.length;
    setCurrentChange(next);
    shown.showChange(next);
    announce(`Change ${next + 1} of ${changes.length}: ${describeChange(changes[next]!)}.`);
  }

  // The older of the two is the base whose differences are shown on the newer.
  let base: unknown = null;
  let shown: unknown = null;
  let label = "";
  if (version && opened.data) {
    if (view.compareWith === NOW) {
      base = opened.data.body;
      shown = nowDoc;
      label = `Changes from version “${version.name}” (${versionTime(version.createdAt)}) to now`;
    } else if (other && compared.data) {
      const [older, newer] =
        other.createdAt < version.createdAt
          ? [
              { summary: other, body: compared.data.body },
              { summary: version, body: opened.data.body },
            ]
          : [
              { summary: version, body: opened.data.body },
              { summary: other, body: compared.data.body },
            ];
      base = older.body;
      shown = newer.body;
      label = `Changes from version “${older.summary.name}” (${versionTime(older.summary.createdAt)}) to version “${newer.summary.name}” (${versionTime(newer.summary.createdAt)})`;
    } else if (!view.compareWith) {
      shown = opened.data.body;
      label = versionLabel(version);
    }
  }

  async function restoreVersion() {
    if (!version || !live) return;
    const editor = live.editor;
    try {
      // History is never rewritten: the text as it is now goes into the history first, unless
      // the newest version already holds exactly it (everything typed here saved before comparing).
      setRestore({ step: "keeping" });
      await live.whenSaved(RESTORE_SAVE_TIMEOUT_MS);
      const newest = versions[0];
      const newestBody = newest
        ? (await queryClient.fetchQuery(versionQuery(api, briefId, recommendationId, newest.id))).body
        : null;
      if (editor.isDestroyed) throw new Error("the editor was closed.");
      if (newestBody === null || !editor.schema.nodeFromJSON(newestBody).eq(editor.state.doc)) {
        await api.save(briefId, recommendationId, beforeRestoringName(version.name));
      }
      setRestore({ step: "applying" });
      const details = await queryClient.fetchQuery(versionQuery(api, briefId, recommendationId, version.id));
      if (editor.isDestroyed || !editor.isEditable) throw new Error("the text cannot be edited right now.");
      const body = editor.schema.nodeFromJSON(details.body);
      // One ordinary edit through the collaborative binding: everyone receives it, and it is
      // never turned into suggestions.
      editor
        .chain()
        .command(({ tr }) => {
          tr.replaceWith(0, tr.doc.content.size, body.content);
          tr.setMeta(SUGGESTION_SKIP, true);
          return true;
        })
        .run();
      setRestore({ step: "saving" });
      await live.whenSaved(RESTORE_SAVE_TIMEOUT_MS);
      setRestore({ step: "recording" });
      await api.restored(briefId, recommendationId, version.id);
      void queryClient.invalidateQueries({ queryKey: queryKeys.versions(briefId, recommendationId) });
      setRestore(null);
      announce(`Restored “${version.name}”.`);
      onClose();
    } catch (caught) {
      setRestore({ step: "confirm", error: `The version was not restored: ${restoreError(caught)}` });
    }
  }

  const failed = opened.isError ? opened.error : compared.isError ? compared.error : null;
  return (
    <section className="version-viewer" aria-labelledby={headingId} data-testid="version-viewer">
      <div className="version-viewer-header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1} data-testid="version-viewer-title">
          {label ? `${label} — read-only` : "Version history"}
        </h2>
        <button type="button" className="button button-secondary button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="version-viewer-controls">
        <label htmlFor={selectId}>Compare with</label>
        <select
          id={selectId}
          value={view.compareWith ?? ""}
          onChange={(event) => onView({ versionId: view.versionId, compareWith: event.target.value || null })}
          data-testid="compare-with"
        >
          <option value="">Nothing: this version alone</option>
          <option value={NOW}>Now: the current text</option>
          {versions
            .filter((candidate) => candidate.id !== view.versionId)
            .map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                “{candidate.name}”, {versionTime(candidate.createdAt)}
              </option>
            ))}
        </select>
        {canRestore && version && live ? (
          <button
            type="button"
            className="button button-primary button-small"
            onClick={() => setRestore({ step: "confirm", error: null })}
          >
            Restore this version
          </button>
        ) : null}
      </div>
      {base !== null && result?.status === "shown" && result.diff ? (
        <div className="version-diff-summary">
          <p role="status" data-testid="diff-summary">
            {changeSummary(result.diff)}
            {result.diff.fine ? "" : " (some long passages are compared as whole paragraphs)"}
          </p>
          {result.diff.changes.length > 0 ? (
            <div className="version-diff-nav">
              <button type="button" className="button-link" onClick={() => step(result, -1)}>
                Previous change
              </button>
              <button type="button" className="button-link" onClick={() => step(result, 1)}>
                Next change
              </button>
            </div>
          ) : null}
          <p className="version-diff-legend" aria-hidden="true">
            <ins className="diff-inserted">inserted</ins> <del className="diff-deleted">deleted</del>{" "}
            <span className="diff-format">formatting changed</span>
          </p>
        </div>
      ) : null}
      {failed ? (
        <p className="banner banner-error" role="alert">
          The version could not be loaded: {errorMessage(failed)}
        </p>
      ) : result?.status === "failed" ? (
        <p className="banner banner-error" role="alert">
          {result.message}
        </p>
      ) : null}
      {!version ? (
        <p className="banner banner-empty">This version is no longer in the history.</p>
      ) : shown === null ? (
        failed ? null : (
          <LoadingState
            label={view.compareWith === NOW && !live ? "Opening the current text…" : "Loading the version…"}
          />
        )
      ) : (
        <VersionDocument doc={shown} base={base} labelledBy={headingId} onResult={onResult} />
      )}
      {restore && version ? (
        <RestoreVersionDialog
          version={version}
          state={restore}
          onRestore={() => void restoreVersion()}
          onClose={() => setRestore(null)}
        />
      ) : null}
    </section>
  );
}

function restoreError(caught: unknown): string {
  return caught instanceof Error && !("status" in caught) ? caught.message : errorMessage(caught);
}

/** The live editor's text as JSON, read again shortly after each change to it; null without an editor. */
function useLiveText(live: LiveDocument | null): unknown {
  const [doc, setDoc] = useState<unknown>(() => (live ? live.editor.state.doc.toJSON() : null));
  useEffect(() => {
    if (!live || live.editor.isDestroyed) {
      setDoc(null);
      return;
    }
    const { editor } = live;
    setDoc(editor.state.doc.toJSON());
    let timer: number | undefined;
    const changed = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (!transaction.docChanged) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        if (!editor.isDestroyed) setDoc(editor.state.doc.toJSON());
      }, NOW_REFRESH_MS);
    };
    editor.on("transaction", changed);
    return () => {
      window.clearTimeout(timer);
      editor.off("transaction", changed);
    };
  }, [live]);
  return doc;
}
