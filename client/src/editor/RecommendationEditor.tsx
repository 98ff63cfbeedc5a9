import { useCallback, useMemo } from "react";
import { LoadingState } from "../components/LoadingState";
import { useWorkspace } from "../components/workspaceContext";
import type { PendingCitation } from "../citations/pendingCitation";
import type { CiteTarget } from "../evidence/citeTarget";
import { userColor } from "../realtime/userColor";
import { ConnectionStatus } from "./ConnectionStatus";
import { EditorSurface, type EditorReview } from "./EditorSurface";
import { threadAnchorOn } from "./localFirst";
import { PresenceAvatars } from "./PresenceAvatars";
import { RefusedEditNotice } from "./RefusedEditNotice";
import type { SuggestingMode } from "../review/suggestionTypes";
import { useCollabDocument } from "./useCollabDocument";
import { usePresence } from "./usePresence";
import type { Editor } from "@tiptap/react";
import type { LiveDocument } from "../versions/liveDocument";
import type { EditorClaims } from "../claims/editorClaims";

export interface RecommendationEditorProps {
  recommendationId: string;
  user: { id: string; name: string };
  /** From the API's `abilities.editBody`; the server enforces it too. */
  editable: boolean;
  /** Shown above the body when it is read-only, e.g. "Read-only: you are a reviewer." */
  readOnlyReason: string | null;
  /** Id of the recommendation's title, which names the editor for screen readers. */
  labelledBy: string;
  /** The server closed the document socket because access changed: refetch abilities. */
  onAccessChanged: () => void;
  /** Lets the evidence panel cite at the cursor (null while the body is not editable). */
  onCiteTarget?: (target: CiteTarget | null) => void;
  /** Review threads: highlights in the text, and starting a thread on a selection. */
  review: EditorReview;
  /** A citation's sources were saved from its card in the text. */
  onCitationSaved?: () => void;
  /** Bumped when a citation's sources were saved outside the editor: its hover cards refetch. */
  citationsVersion?: number;
  /** A citation made elsewhere (the report viewer) to insert at the end of the body once it is synced. */
  pendingCitation?: PendingCitation | null;
  onPendingCitationInserted?: () => void;
  /** Suggesting mode (issue 18): a reviewer's edits always are suggestions, an editor's by choice. */
  suggesting?: SuggestingMode;
  /** Receives the live editor and a way to wait for "Saved" (the version history's "now" and restore), null when it goes. */
  onLiveDocument?: (live: LiveDocument | null) => void;
  /** The claim check's underlines and cards (issue 19). */
  claims?: EditorClaims;
}

/**
 * The body of one recommendation, edited together in realtime. This module (with Tiptap,
 * ProseMirror and Yjs behind it) is loaded lazily, only when a recommendation is opened.
 */
export function RecommendationEditor({
  recommendationId,
  user,
  editable,
  readOnlyReason,
  labelledBy,
  onAccessChanged,
  onCiteTarget,
  review,
  onCitationSaved,
  citationsVersion = 0,
  pendingCitation = null,
  onPendingCitationInserted,
  suggesting,
  onLiveDocument,
  claims,
}: RecommendationEditorProps) {
  const { api, briefId } = useWorkspace();
  const { session, connection, reconnect, save, refusal, dismissRefusal, whenSaved } = useCollabDocument(
    recommendationId,
    user.id,
    onAccessChanged,
  );
  const attachRefusedWords = useCallback(
    async (text: string) => {
      const reason = refusal?.reason === "read-only" && readOnlyReason ? readOnlyReason : (refusal?.message ?? "");
      // A comment holds at most 10,000 characters; the words are bounded below that (MAX_OFFERED_CHARACTERS).
      const body = `Not saved in the text (${reason.replace(/\.$/, "")}). The words were:\n\n${text}`.slice(0, 10_000);
      // Anchored to the stored words next to them: the server takes only anchors on its own text.
      const anchor = refusal?.words.anchor;
      if (!anchor)
        throw new Error("the recommendation has no text yet to attach a comment to; copy the words instead.");
      await api.threads.create(briefId, recommendationId, { anchor: threadAnchorOn(anchor), quote: anchor.text, body });
    },
    [api, briefId, recommendationId, refusal, readOnlyReason],
  );
  const onEditor = useCallback(
    (editor: Editor | null) => onLiveDocument?.(editor ? { editor, whenSaved } : null),
    [onLiveDocument, whenSaved],
  );
  const people = usePresence(session?.provider ?? null);
  const awarenessUser = useMemo(
    () => ({ userId: user.id, name: user.name, color: userColor(user.id) }),
    [user.id, user.name],
  );

  return (
    <section className="editor-area" aria-label="Recommendation text">
      <div className="editor-status-row">
        <PresenceAvatars users={people} />
        <ConnectionStatus connection={connection} save={save} editable={editable} onReconnect={reconnect} />
      </div>
      {refusal ? (
        <RefusedEditNotice
          key={refusal.words.passages.join("\n") + refusal.reason}
          refusal={refusal}
          readOnlyReason={readOnlyReason}
          onAttach={attachRefusedWords}
          onDismiss={dismissRefusal}
        />
      ) : null}
      {readOnlyReason ? (
        <p className="read-only-notice" data-testid="read-only-notice">
          {readOnlyReason}
        </p>
      ) : null}
      {session ? (
        <EditorSurface
          key={session.doc.guid}
          doc={session.doc}
          provider={session.provider}
          user={awarenessUser}
          editable={editable && !save.overLimit}
          labelledBy={labelledBy}
          api={api}
          briefId={briefId}
          onCiteTarget={onCiteTarget}
          onCitationSaved={onCitationSaved}
          citationsVersion={citationsVersion}
          pendingCitation={pendingCitation}
          onPendingCitationInserted={onPendingCitationInserted}
          review={review}
          suggesting={suggesting}
          onEditor={onLiveDocument ? onEditor : undefined}
          claims={claims}
        />
      ) : (
        <LoadingState label="Opening the document…" />
      )}
    </section>
  );
}
