import {
  anchorFromRange,
  CitationShortcuts,
  ClaimHighlights,
  CommentHighlights,
  commentHighlightsKey,
  EvidenceDrop,
  listSuggestions,
  quoteOf,
  SuggestionMode,
  type SuggestionSummary,
  yBindingOf,
  type HighlightedThread,
} from "@accord/editor";
import { BODY_FRAGMENT } from "@accord/protocol";
import { Collaboration } from "@tiptap/extension-collaboration";
import type { EditorState } from "@tiptap/pm/state";
import { CollaborationCaret } from "@tiptap/extension-collaboration-caret";
import { type Editor, EditorContent, useEditor } from "@tiptap/react";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { useNavigate } from "react-router";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import type { Api } from "../api/createApi";
import { queryKeys } from "../api/queryKeys";
import { createCitationCache } from "../citations/citationCache";
import { createCitationsApi } from "../citations/citationsApi";
import type { CitationQuote } from "../citations/citationTypes";
import type { PendingCitation } from "../citations/pendingCitation";
import { useBriefSources } from "../citations/useBriefSources";
import type { CiteTarget } from "../evidence/citeTarget";
import { reportPath } from "../evidence/paths";
import type { CommentDraft, ReviewTarget } from "../review/reviewTypes";
import type { SuggestingMode, SuggestionsTarget } from "../review/suggestionTypes";
import type { CitationRef } from "./citationNodeView";
import { attachDroppedCitation, usePendingCitation } from "./citationPlacement";
import { CitationPopover } from "./CitationPopover";
import { EditorCitationCard } from "./EditorCitationCard";
import { CommentBubble } from "./CommentBubble";
import { documentBodyExtensions, PARAGRAPH_SPACING } from "./documentBody";
import { EditorToolbar } from "./EditorToolbar";
import { createEvidenceCache } from "./evidenceCache";
import { SuggestionHighlights } from "./SuggestionHighlights";
import { EvidencePicker } from "./EvidencePicker";
import { EditorClaimCard } from "../claims/EditorClaimCard";
import { type EditorClaims, highlightedClaims } from "../claims/editorClaims";
import "../styles/editor.css";
import "../styles/suggestions.css";
import "../styles/claims.css";

interface EditorSurfaceProps {
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: { userId: string; name: string; color: string };
  editable: boolean;
  /** Id of the element that names the document (the recommendation's title). */
  labelledBy: string;
  api: Api;
  briefId: string;
  /** Receives what the evidence panel needs to cite here while the body is editable, and null otherwise. */
  onCiteTarget?: ((target: CiteTarget | null) => void) | undefined;
  /** A citation's sources were saved from its card here (lists of citations refetch). */
  onCitationSaved?: (() => void) | undefined;
  /** Bumped when a citation's sources were saved outside the editor: the hover cards refetch. */
  citationsVersion?: number | undefined;
  /** A citation made in the report viewer: inserted at the end of the body once it has synced. */
  pendingCitation?: PendingCitation | null | undefined;
  onPendingCitationInserted?: (() => void) | undefined;
  review: EditorReview;
  /** Suggesting mode (issue 18); absent: edits are ordinary. */
  suggesting?: SuggestingMode | undefined;
  /** Receives the editor once it exists, and null when it goes (the version history compares with and restores into it). */
  onEditor?: ((editor: Editor | null) => void) | undefined;
  /** The claim check's underlines and cards (issue 19); absent: none. */
  claims?: EditorClaims | undefined;
}

/** The review threads' side of the editor: highlights, and starting a thread on the selection. */
export interface EditorReview {
  /** From the API's `abilities.comment`: whether selecting text offers "Comment". */
  canComment: boolean;
  /** The open threads to highlight. */
  threads: readonly HighlightedThread[];
  activeThreadId: string | null;
  onStartThread: (draft: CommentDraft) => void;
  onActivateThread: (threadId: string) => void;
  onReviewTarget: (target: ReviewTarget | null) => void;
  /**
   * The open threads whose text is in this window's copy of the body right now, or null until
   * it has synced. Lets the panel say "Text removed" as soon as someone deletes it, and stop
   * saying it as soon as the words come back where they were (an undo, a paste: threads SPEC A7,
   * found through the quote each listed anchor carries).
   */
  onAttachedThreads: (threadIds: ReadonlySet<string> | null) => void;
  /** Receives what the suggestions panel reads and does, and null when the editor goes (issue 18). */
  onSuggestionsTarget?: ((target: SuggestionsTarget | null) => void) | undefined;
  /** The brief's members' names by user id, for who suggested what. */
  memberNames?: ReadonlyMap<string, string> | undefined;
}

/** How long a citation's popover stays after the pointer leaves, so it can be reached to click a source. */
const POPOVER_GRACE_MS = 250;

/** The Tiptap editor bound to the recommendation's Y.XmlFragment, with the other people's carets and citations. */
export function EditorSurface(props: EditorSurfaceProps) {
  const { doc, provider, user, editable, labelledBy, api, briefId, onCiteTarget, onCitationSaved, review } = props;
  const { pendingCitation, onPendingCitationInserted, citationsVersion = 0 } = props;
  const navigate = useNavigate();
  const popoverId = useId();
  const [pickerOpen, setPickerOpen] = useState(false);
  const [popover, setPopover] = useState<{ reference: CitationRef; anchor: HTMLElement } | null>(null);
  const [card, setCard] = useState<CitationRef | null>(null);
  const hideTimer = useRef<number | undefined>(undefined);

  // Suggesting mode (issue 18): a reviewer always, an editor by choice (starting as `initial` says).
  const forcedSuggesting = props.suggesting?.forced ?? false;
  const initialSuggesting = props.suggesting?.initial ?? false;
  const [suggestingChoice, setSuggestingChoice] = useState(initialSuggesting);
  useEffect(() => setSuggestingChoice(initialSuggesting), [initialSuggesting]);
  const suggesting = forcedSuggesting || (props.suggesting !== undefined && suggestingChoice);
  const suggestingRef = useRef(suggesting);
  suggestingRef.current = suggesting;
  const [blockedReason, setBlockedReason] = useState<string | null>(null);
  const namesRef = useRef(review.memberNames);
  namesRef.current = review.memberNames;

  const cache = useMemo(
    () => createEvidenceCache(async (ids) => (await api.evidence.search(briefId, { ids, limit: ids.length })).evidence),
    [api, briefId],
  );
  const citationsApi = useMemo(() => createCitationsApi(), []);
  const citations = useMemo(
    () => createCitationCache(async (ids) => (await citationsApi.byIds(briefId, ids)).citations),
    [citationsApi, briefId],
  );
  const queryClient = useQueryClient();
  const refetchSources = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.sources(briefId) }),
    [queryClient, briefId],
  );
  const bibliography = useBriefSources(citationsApi, briefId);
  const seenCitationsVersion = useRef(citationsVersion);
  useEffect(() => {
    if (seenCitationsVersion.current === citationsVersion) return;
    seenCitationsVersion.current = citationsVersion;
    citations.refreshAll();
    refetchSources();
  }, [citations, citationsVersion, refetchSources]);

  // The extensions are built once per document; they reach the current React state through these.
  const actions = useRef({
    openPicker: () => {},
    show: (_reference: CitationRef, _anchor: HTMLElement) => {},
    hide: (_anchor: HTMLElement) => {},
    open: (_evidenceId: string) => {},
    openCard: (_reference: CitationRef) => {},
    dropped: (_evidenceId: string, _pos: number) => {},
    startThread: () => {},
    activateThread: (_threadId: string) => {},
    openClaim: (_findingId: string, _via: "pointer" | "keyboard") => {},
  });
  actions.current.openPicker = () => {
    // A citation is not a suggestion the server takes (issue 18).
    if (suggestingRef.current) return;
    // Synchronously, so the picker's input has focus before the next key arrives.
    flushSync(() => setPickerOpen(true));
  };
  actions.current.show = (reference, anchor) => {
    window.clearTimeout(hideTimer.current);
    setPopover({ reference, anchor });
  };
  actions.current.openCard = (reference) => {
    window.clearTimeout(hideTimer.current);
    setPopover(null);
    // The bibliography may have grown since the editor opened.
    refetchSources();
    setCard(reference);
  };
  actions.current.hide = (anchor) => {
    window.clearTimeout(hideTimer.current);
    hideTimer.current = window.setTimeout(
      () => setPopover((current) => (current?.anchor === anchor ? null : current)),
      anchor.isConnected ? POPOVER_GRACE_MS : 0,
    );
  };
  // A dropped passage lands at once as a whole-passage node; it then becomes a stored citation
  // (so its sources can be chosen) and the node nearest where it landed gets its id. Should the
  // server refuse, the node stays a valid whole-passage citation.
  actions.current.dropped = (evidenceId, pos) => {
    void citationsApi.create(briefId, { evidenceId }).then(
      ({ citation }) => {
        if (editor) attachDroppedCitation(editor, evidenceId, pos, citation.id);
      },
      () => undefined,
    );
  };
  actions.current.open = (evidenceId) => {
    void cache.load(evidenceId).then((evidence) => {
      if (evidence) navigate(reportPath(briefId, evidence.reportId, evidence.id));
    });
  };
  actions.current.startThread = () => {
    if (!editor || editor.isDestroyed || !review.canComment) return;
    const draft = draftFromSelection(editor.state);
    if (draft) review.onStartThread(draft);
  };
  actions.current.activateThread = (threadId) => review.onActivateThread(threadId);
  actions.current.openClaim = (findingId, via) => props.claims?.onOpen(findingId, { focus: via === "keyboard" });
  useEffect(() => () => window.clearTimeout(hideTimer.current), []);

  const editor = useEditor(
    {
      extensions: [
        ...documentBodyExtensions({
          cache,
          citations,
          show: (reference, anchor) => actions.current.show(reference, anchor),
          hide: (anchor) => actions.current.hide(anchor),
          open: (evidenceId) => actions.current.open(evidenceId),
          openCard: (reference) => actions.current.openCard(reference),
        }),
        CitationShortcuts.configure({ openPicker: () => actions.current.openPicker() }),
        EvidenceDrop.configure({ onDropped: (evidenceId, pos) => actions.current.dropped(evidenceId, pos) }),
        CommentHighlights.configure({
          onActivate: (threadId) => actions.current.activateThread(threadId),
          onComment: () => actions.current.startThread(),
        }),
        SuggestionMode.configure({
          enabled: () => suggestingRef.current,
          authorId: user.userId,
          onBlocked: (reason) => setBlockedReason(reason),
        }),
        SuggestionHighlights.configure({ nameOf: (userId) => namesRef.current?.get(userId) ?? null }),
        ClaimHighlights.configure({ onActivate: (findingId, via) => actions.current.openClaim(findingId, via) }),
        Collaboration.configure({ document: doc, field: BODY_FRAGMENT }),
        CollaborationCaret.configure({ provider, user }),
      ],
      editable,
      editorProps: {
        attributes: {
          id: "recommendation-editor",
          class: "document-body",
          role: "textbox",
          "aria-multiline": "true",
          "aria-labelledby": labelledBy,
          "aria-describedby": "editor-help",
          // Focusable even when read-only, so that a reviewer can select text and press Mod-Alt-M.
          tabindex: "0",
        },
      },
    },
    // A new document or provider needs a new editor; `editable` is applied below without one.
    [doc, provider, cache, citations],
  );

  useEffect(() => {
    if (editor && !editor.isDestroyed && editor.isEditable !== editable) editor.setEditable(editable);
    if (!editable) setPickerOpen(false);
  }, [editor, editable]);

  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.updateUser(user);
  }, [editor, user]);

  // Every citation made here is a stored one, so its sources can be chosen (CITATIONS.md §2).
  const cite = useCallback(
    async (evidenceId: string, quote?: CitationQuote | null) => {
      if (!editor || editor.isDestroyed || !editor.isEditable) return;
      const { citation } = await citationsApi.create(briefId, quote ? { evidenceId, quote } : { evidenceId });
      if (editor.isDestroyed || !editor.isEditable) return;
      editor.chain().focus().insertCitation({ evidenceId, citationId: citation.id }).run();
    },
    [editor, citationsApi, briefId],
  );
  useEffect(() => {
    if (!onCiteTarget) return;
    onCiteTarget(editor && editable && !suggesting ? { cite } : null);
    return () => onCiteTarget(null);
  }, [onCiteTarget, editor, editable, cite, suggesting]);

  usePendingCitation(editor, provider, editable && !suggesting, pendingCitation, onPendingCitationInserted);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the names are read through namesRef; their change is the trigger
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.refreshSuggestionNames();
  }, [editor, review.memberNames]);

  // A refusal's reason stays until the next change goes through or the mode changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: suggesting is the trigger
  useEffect(() => {
    setBlockedReason(null);
    if (!editor) return;
    const clear = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (transaction.docChanged) setBlockedReason(null);
    };
    editor.on("transaction", clear);
    return () => {
      editor.off("transaction", clear);
    };
  }, [editor, suggesting]);

  const { onEditor } = props;
  useEffect(() => {
    if (!editor || !onEditor) return;
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);

  const { onSuggestionsTarget } = review;
  useEffect(() => {
    if (!editor || !onSuggestionsTarget) return;
    onSuggestionsTarget(suggestionsTargetOf(editor));
    return () => onSuggestionsTarget(null);
  }, [editor, onSuggestionsTarget]);

  const { threads, activeThreadId, onReviewTarget, onAttachedThreads } = review;
  useEffect(() => {
    if (!editor) return;
    let last = "";
    const report = () => {
      if (editor.isDestroyed) return;
      if (!provider.synced) {
        if (last !== "unsynced") onAttachedThreads(null);
        last = "unsynced";
        return;
      }
      const ids = new Set(
        (commentHighlightsKey.getState(editor.state)?.decorations.find() ?? []).map((decoration) =>
          String(decoration.spec.threadId),
        ),
      );
      const key = [...ids].sort().join(",");
      if (key === last) return;
      last = key;
      onAttachedThreads(ids);
    };
    report();
    editor.on("transaction", report);
    provider.on("sync", report);
    return () => {
      editor.off("transaction", report);
      provider.off("sync", report);
      onAttachedThreads(null);
    };
  }, [editor, provider, onAttachedThreads]);
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.setCommentThreads(threads, activeThreadId);
  }, [editor, threads, activeThreadId]);

  const claims = props.claims;
  const claimFindings = claims?.findings;
  const openClaimId = claims?.openId ?? null;
  const underlined = useMemo(() => highlightedClaims(claimFindings ?? []), [claimFindings]);
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.setClaimFindings(underlined, openClaimId);
  }, [editor, underlined, openClaimId]);
  const openClaim = openClaimId ? (claimFindings?.find((finding) => finding.id === openClaimId) ?? null) : null;
  const [frame, setFrame] = useState<HTMLDivElement | null>(null);

  useEffect(() => {
    if (!editor) return;
    onReviewTarget({
      showThread: (threadId, { focus }) => {
        if (editor.isDestroyed) return false;
        const shown = focus
          ? editor.chain().focus().selectCommentThread(threadId).run()
          : editor.commands.selectCommentThread(threadId);
        if (shown) scrollToThread(editor.view.dom, threadId);
        return shown;
      },
    });
    return () => onReviewTarget(null);
  }, [editor, onReviewTarget]);

  return (
    <div className="editor-shell">
      <EditorToolbar
        editor={editor}
        disabled={!editable}
        onCite={editable && !suggesting ? () => actions.current.openPicker() : null}
        suggesting={
          editable && props.suggesting
            ? { on: suggesting, forced: forcedSuggesting, onToggle: () => setSuggestingChoice((on) => !on) }
            : null
        }
      />
      {blockedReason && suggesting ? (
        <p className="suggesting-notice" role="status" data-testid="suggesting-blocked">
          {blockedReason}
        </p>
      ) : null}
      <div
        ref={setFrame}
        className="editor-frame"
        data-testid="editor"
        data-editable={editable}
        data-suggesting={suggesting}
        style={PARAGRAPH_SPACING}
      >
        <EditorContent editor={editor} />
        {editor && review.canComment ? (
          <CommentBubble editor={editor} onComment={() => actions.current.startThread()} />
        ) : null}
      </div>
      <p id="editor-help" className="visually-hidden">
        Changes are shared with everyone in this recommendation as you type. Formatting shortcuts: Control or Command
        with B for bold, I for italic, Z to undo your own changes.
        {suggesting
          ? " You are suggesting: what you type and delete is proposed to the editors, who accept or reject it. New paragraphs, formatting and citations are not available."
          : ""}
        {editable && !suggesting
          ? " To cite evidence, type two opening square brackets or press Control or Command, Shift and E."
          : ""}
        {
          " Citations are numbered links: Tab moves to them, Enter opens the cited passage in its report, Shift and Enter shows its sources."
        }
        {review.canComment
          ? " To comment on text, select it and press Control or Command, Alt and M, or use the Comment button."
          : ""}
        {claims
          ? " A figure underlined by the figure check disagrees with or lacks its evidence: with the cursor in it, Alt and Enter shows why. The Figures tab lists them all."
          : ""}
      </p>
      {editor && pickerOpen && editable && !suggesting ? (
        <EvidencePicker editor={editor} onCite={cite} onClose={() => setPickerOpen(false)} />
      ) : null}
      {popover ? (
        <CitationPopover
          id={popoverId}
          cache={cache}
          citations={citations}
          bibliography={bibliography.status === "loaded" ? bibliography.sources : []}
          reference={popover.reference}
          anchor={popover.anchor}
          editable={editable}
          onOpenCard={() => actions.current.openCard(popover.reference)}
          onPointerEnter={() => window.clearTimeout(hideTimer.current)}
          onPointerLeave={() => actions.current.hide(popover.anchor)}
        />
      ) : null}
      {editor && claims && openClaim && frame ? (
        <EditorClaimCard
          key={openClaim.id}
          editor={editor}
          finding={openClaim}
          claims={claims}
          cache={cache}
          citationsApi={citationsApi}
          briefId={briefId}
          canCite={editable && !suggesting}
          fallbackAnchor={frame}
        />
      ) : null}
      {card ? (
        <EditorCitationCard
          briefId={briefId}
          citationsApi={citationsApi}
          cache={cache}
          citations={citations}
          bibliography={bibliography}
          reference={card}
          editable={editable}
          onSaved={() => onCitationSaved?.()}
          onClose={() => setCard(null)}
        />
      ) : null}
    </div>
  );
}

/** The suggestions panel's view of the editor: its suggestions, kept current, and what it may do with them. */
function suggestionsTargetOf(editor: Editor): SuggestionsTarget {
  let doc = editor.state.doc;
  let snapshot: readonly SuggestionSummary[] = listSuggestions(doc);
  const read = () => {
    if (editor.isDestroyed || editor.state.doc === doc) return snapshot;
    doc = editor.state.doc;
    const next = listSuggestions(doc);
    if (JSON.stringify(next) !== JSON.stringify(snapshot)) snapshot = next;
    return snapshot;
  };
  return {
    subscribe: (listener) => {
      editor.on("transaction", listener);
      return () => {
        editor.off("transaction", listener);
      };
    },
    getSnapshot: read,
    select: (suggestion) => {
      if (editor.isDestroyed) return;
      editor.chain().focus().setTextSelection({ from: suggestion.from, to: suggestion.to }).scrollIntoView().run();
    },
    accept: (suggestion) => !editor.isDestroyed && editor.commands.acceptSuggestion(suggestion.id, suggestion.authorId),
    reject: (suggestion) => !editor.isDestroyed && editor.commands.rejectSuggestion(suggestion.id, suggestion.authorId),
    acceptAll: () => !editor.isDestroyed && editor.commands.acceptAllSuggestions(),
    rejectAll: () => !editor.isDestroyed && editor.commands.rejectAllSuggestions(),
    draftFor: (suggestion) => {
      if (editor.isDestroyed) return null;
      const binding = yBindingOf(editor.state);
      const quote = quoteOf(editor.state.doc, suggestion.from, suggestion.to);
      if (!binding || !quote) return null;
      return { anchor: anchorFromRange(binding, suggestion.from, suggestion.to), quote: quote.slice(0, 2000) };
    },
  };
}

/** The selection as a thread to start, or null when nothing but blank space is selected. */
function draftFromSelection(state: EditorState): CommentDraft | null {
  const { from, to, empty } = state.selection;
  if (empty) return null;
  const quote = quoteOf(state.doc, from, to);
  const binding = yBindingOf(state);
  if (!quote || !binding) return null;
  return { anchor: anchorFromRange(binding, from, to), quote: quote.slice(0, 2000) };
}

/** Brings a thread's highlight into view without jumping if it already is. */
function scrollToThread(root: HTMLElement, threadId: string): void {
  const mark = root.querySelector(`[data-thread-id="${CSS.escape(threadId)}"]`);
  mark?.scrollIntoView({ block: "nearest", behavior: "smooth" });
}
