import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import type { SuggestionSummary } from "@accord/editor";
import type { RecommendationView, ThreadView } from "@accord/protocol";
import { ROLE_LABELS } from "../components/labels";
import { LoadingState } from "../components/LoadingState";
import { RecommendationHeader } from "../components/RecommendationHeader";
import { SidePanel, type SidePanelTab } from "../components/SidePanel";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { CitedEvidencePanel } from "../citations/CitedEvidencePanel";
import { useCitedEvidence } from "../citations/useCitedEvidence";
import { pendingCitationOf, rememberRecommendation } from "../citations/pendingCitation";
import { useBriefDetails, useRecommendations, useWorkspace } from "../components/workspaceContext";
import { queryKeys } from "../api/queryKeys";
import { useBriefCache } from "../api/useBriefCache";
import { reviewChanged as reviewChangedKeys } from "../realtime/liveQueryKeys";
import type { CiteTarget } from "../evidence/citeTarget";
import { ActivityPanel } from "../review/ActivityPanel";
import { CommentsPanel } from "../review/CommentsPanel";
import type { CommentDraft, ReviewTarget } from "../review/reviewTypes";
import type { ThreadActions } from "../review/ThreadCard";
import { useActivity } from "../review/useActivity";
import { useMembers } from "../review/useMembers";
import { useThreads } from "../review/useThreads";
import { SuggestionsPanel } from "../review/SuggestionsPanel";
import type { SuggestionsTarget } from "../review/suggestionTypes";
import { useSuggestions } from "../review/useSuggestions";
import type { Role } from "@accord/domain";
import { HistoryPanel } from "../versions/HistoryPanel";
import type { LiveDocument } from "../versions/liveDocument";
import type { VersionView } from "../versions/versionView";
import { ClaimsPanel } from "../claims/ClaimsPanel";
import { disagreeing, openClaims } from "../claims/claimLabels";
import type { EditorClaims } from "../claims/editorClaims";
import { useClaims, useClaimsApi } from "../claims/useClaims";
import { claimsChanged } from "../realtime/liveQueryKeys";
import type { ClaimFindingView } from "@accord/protocol";

// Tiptap, ProseMirror and Yjs are most of the client's weight: load them only with a recommendation.
const RecommendationEditor = lazy(() =>
  import("../editor/RecommendationEditor").then((module) => ({ default: module.RecommendationEditor })),
);
const VersionViewer = lazy(() =>
  import("../versions/VersionViewer").then((module) => ({ default: module.VersionViewer })),
);

/**
 * `/briefs/:briefId/recommendations/:recId`: one recommendation's metadata and body, and
 * beside it the evidence to cite, what the body cites, the review threads on its text and its activity.
 * `?thread=<id>` opens that thread (a mention links there).
 */
export function RecommendationPane() {
  const { recId = "" } = useParams();
  const [searchParams] = useSearchParams();
  const linkedThread = searchParams.get("thread");
  const { api, user, briefId, watchRecommendation, announce } = useWorkspace();
  const details = useBriefDetails();
  const recommendations = useRecommendations();
  const cache = useBriefCache();
  const recommendation = recommendations.find((candidate) => candidate.id === recId);
  useDocumentTitle(recommendation?.title ?? "Recommendation");

  const [citeTarget, setCiteTarget] = useState<CiteTarget | null>(null);
  // Counts this window's saves for the editor's own cache of its citations (citationCache.ts).
  const [citationSaves, setCitationSaves] = useState(0);
  const onCitationSaved = useCallback(() => {
    setCitationSaves((count) => count + 1);
    // Sources chosen here; the body's citations change the recommendation (the server's tracker),
    // and sources chosen by anyone else arrive as `citation.updated`: both refetch the citations too.
    void cache.refetch([queryKeys.citations(briefId)]);
  }, [cache, briefId]);
  const cited = useCitedEvidence(briefId, recId);
  const [tab, setTab] = useState<SidePanelTab>(linkedThread ? "comments" : "evidence");
  const [activeThreadId, setActiveThreadId] = useState<string | null>(linkedThread);
  const [draft, setDraft] = useState<CommentDraft | null>(null);
  const [reviewTarget, setReviewTarget] = useState<ReviewTarget | null>(null);
  const [attachedThreads, setAttachedThreads] = useState<ReadonlySet<string> | null>(null);
  const { state: threadsState } = useThreads(api, briefId, recId);
  const members = useMembers(api, briefId);
  const activity = useActivity(api, briefId, recId);
  const [suggestionsTarget, setSuggestionsTarget] = useState<SuggestionsTarget | null>(null);
  const suggestions = useSuggestions(suggestionsTarget);
  const memberNames = useMemo(() => new Map(members.map((member) => [member.userId, member.name])), [members]);
  // This window's own change to the threads (the notification may come later, or not at all).
  const reviewChanged = useCallback(
    (id: string) => void cache.refetch(reviewChangedKeys(briefId, id)),
    [cache, briefId],
  );

  useEffect(() => watchRecommendation(recId), [recId, watchRecommendation]);

  // The claim check (issue 19): findings underlined in the text, listed on the Figures tab, one card open at a time.
  const claimsApi = useClaimsApi();
  const claimsState = useClaims(claimsApi, briefId, recId);
  const [openClaim, setOpenClaim] = useState<{ id: string; focus: boolean } | null>(null);
  const onOpenClaim = useCallback(
    (findingId: string | null, options?: { focus: boolean }) =>
      setOpenClaim(findingId ? { id: findingId, focus: options?.focus ?? true } : null),
    [],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: another recommendation closes the card
  useEffect(() => setOpenClaim(null), [recId]);
  const onIgnoreClaim = useCallback(
    async (finding: ClaimFindingView, reason: string) => {
      await claimsApi.ignore(briefId, recId, finding.id, reason);
      void cache.refetch(claimsChanged(briefId, recId));
      announce(`Figure check of ${finding.figure.raw} ignored.`);
    },
    [claimsApi, briefId, recId, cache, announce],
  );
  const onUnignoreClaim = useCallback(
    async (finding: ClaimFindingView) => {
      await claimsApi.unignore(briefId, recId, finding.id);
      void cache.refetch(claimsChanged(briefId, recId));
      announce(`Figure check of ${finding.figure.raw} open again.`);
    },
    [claimsApi, briefId, recId, cache, announce],
  );
  const claimFindings = claimsState.status === "loaded" ? claimsState.claims.findings : null;
  const editorClaims = useMemo(
    (): EditorClaims => ({
      findings: claimFindings ?? [],
      openId: openClaim?.id ?? null,
      focusCard: openClaim?.focus ?? false,
      onOpen: onOpenClaim,
      canIgnore: recommendation?.abilities.update ?? false,
      onIgnore: onIgnoreClaim,
      onUnignore: onUnignoreClaim,
      titleOf: (id) => recommendations.find((candidate) => candidate.id === id)?.title ?? null,
    }),
    [
      claimFindings,
      openClaim,
      onOpenClaim,
      recommendation?.abilities.update,
      onIgnoreClaim,
      onUnignoreClaim,
      recommendations,
    ],
  );

  // A saved version (or two compared) shown in place of the live editor, which stays connected behind it.
  const [versionView, setVersionView] = useState<VersionView | null>(null);
  const [live, setLive] = useState<LiveDocument | null>(null);
  const versionOpener = useRef<HTMLElement | null>(null);
  const onViewVersion = useCallback((next: VersionView) => {
    setVersionView((current) => {
      if (!current && document.activeElement instanceof HTMLElement) versionOpener.current = document.activeElement;
      return next;
    });
  }, []);
  const onCloseVersion = useCallback(() => {
    setVersionView(null);
    // Back where it was opened from (a History button), as a dialog would.
    window.requestAnimationFrame(() => {
      if (versionOpener.current?.isConnected) versionOpener.current.focus();
    });
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: another recommendation closes the version shown
  useEffect(() => setVersionView(null), [recId]);
  useEffect(() => rememberRecommendation(briefId, recId), [briefId, recId]);

  // A citation made in the report viewer for this recommendation: the editor inserts it once,
  // then the state is dropped so that going back or reloading does not insert it again.
  const location = useLocation();
  const navigate = useNavigate();
  const pendingCitation = pendingCitationOf(location.state);
  const onPendingCitationInserted = useCallback(() => {
    navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
    announce("Cited at the end of the text.");
  }, [navigate, location.pathname, location.search, announce]);

  // Another recommendation: its own threads, nothing half-written carried over.
  const shownRecId = useRef(recId);
  useEffect(() => {
    if (shownRecId.current === recId) return;
    shownRecId.current = recId;
    setDraft(null);
    setActiveThreadId(null);
  }, [recId]);

  // A link to a thread (from a mention) opens it once the threads and the text are there.
  useEffect(() => {
    if (!linkedThread) return;
    setTab("comments");
    setActiveThreadId(linkedThread);
  }, [linkedThread]);
  const threadsLoaded = threadsState.status === "loaded";
  useEffect(() => {
    if (linkedThread && threadsLoaded && reviewTarget) reviewTarget.showThread(linkedThread, { focus: false });
  }, [linkedThread, threadsLoaded, reviewTarget]);

  const onAccessChanged = useCallback(() => {
    void cache.refetch([queryKeys.details(briefId), queryKeys.recommendations(briefId)]);
  }, [cache, briefId]);

  // A suggestion's reply thread is not highlighted over the suggestion's own colours while it is open.
  // Keyed by the ids alone: typing moves the suggestions' positions, which must not re-highlight the threads.
  const suggestionIdsKey = suggestions.map((suggestion) => suggestion.id).join(" ");
  const openSuggestionIds = useMemo(() => new Set(suggestionIdsKey.split(" ").filter(Boolean)), [suggestionIdsKey]);
  const openThreads = useMemo(
    () =>
      threadsState.status === "loaded"
        ? threadsState.threads
            .filter((thread) => thread.status === "open")
            .filter((thread) => !(thread.suggestionId && openSuggestionIds.has(thread.suggestionId)))
            .map((thread) => ({ id: thread.id, anchor: thread.anchor }))
        : [],
    [threadsState, openSuggestionIds],
  );

  const onStartThread = useCallback((next: CommentDraft) => {
    setDraft(next);
    setActiveThreadId(null);
    setTab("comments");
  }, []);
  const onActivateThread = useCallback((threadId: string) => {
    setActiveThreadId(threadId);
    setTab("comments");
  }, []);
  const onShowThread = useCallback(
    (threadId: string, options: { focus: boolean }) => {
      setActiveThreadId(threadId);
      reviewTarget?.showThread(threadId, options);
    },
    [reviewTarget],
  );

  const canComment = recommendation?.abilities.comment ?? false;
  const review = useMemo(
    () => ({
      canComment,
      threads: openThreads,
      activeThreadId,
      onStartThread,
      onActivateThread,
      onReviewTarget: setReviewTarget,
      onAttachedThreads: setAttachedThreads,
      onSuggestionsTarget: setSuggestionsTarget,
      memberNames,
    }),
    [canComment, openThreads, activeThreadId, onStartThread, onActivateThread, memberNames],
  );

  const actionsFor = useCallback(
    (thread: ThreadView): ThreadActions => ({
      reply: async (body) => {
        await api.threads.reply(briefId, recId, thread.id, body);
        reviewChanged(recId);
        announce("Reply posted.");
      },
      setStatus: async (status) => {
        await api.threads.setStatus(briefId, recId, thread.id, status);
        reviewChanged(recId);
        announce(status === "resolved" ? "Thread resolved." : "Thread reopened.");
      },
      editComment: async (commentId, body) => {
        await api.threads.editComment(briefId, recId, thread.id, commentId, body);
        reviewChanged(recId);
        announce("Comment saved.");
      },
      deleteComment: async (commentId) => {
        await api.threads.deleteComment(briefId, recId, thread.id, commentId);
        reviewChanged(recId);
        announce("Comment deleted.");
      },
    }),
    [api, briefId, recId, reviewChanged, announce],
  );

  const onCreate = useCallback(
    async (body: string) => {
      if (!draft) return;
      const { thread } = await api.threads.create(briefId, recId, { anchor: draft.anchor, quote: draft.quote, body });
      setDraft(null);
      setActiveThreadId(thread.id);
      reviewChanged(recId);
      announce("Comment added.");
    },
    [api, briefId, recId, draft, reviewChanged, announce],
  );

  // A suggestion's reply thread shows under it, not again among the threads, while the suggestion is open.
  const suggestionThreads = useMemo(() => {
    const byId = new Map<string, ThreadView>();
    if (threadsState.status === "loaded")
      for (const thread of threadsState.threads)
        if (thread.suggestionId && openSuggestionIds.has(thread.suggestionId) && !byId.has(thread.suggestionId))
          byId.set(thread.suggestionId, thread);
    return byId;
  }, [openSuggestionIds, threadsState]);
  const plainThreadsState = useMemo(() => {
    if (threadsState.status !== "loaded" || suggestionThreads.size === 0) return threadsState;
    const shown = new Set([...suggestionThreads.values()].map((thread) => thread.id));
    return { ...threadsState, threads: threadsState.threads.filter((thread) => !shown.has(thread.id)) };
  }, [threadsState, suggestionThreads]);

  const onSuggestionReply = useCallback(
    async (suggestion: SuggestionSummary, body: string) => {
      const existing = suggestionThreads.get(suggestion.id);
      if (existing) await api.threads.reply(briefId, recId, existing.id, body);
      else {
        const draft = suggestionsTarget?.draftFor(suggestion);
        if (!draft) throw new Error("The text is still loading; try again in a moment.");
        await api.threads.create(briefId, recId, { ...draft, body, suggestionId: suggestion.id });
      }
      reviewChanged(recId);
      announce("Reply posted.");
    },
    [api, briefId, recId, suggestionThreads, suggestionsTarget, reviewChanged, announce],
  );
  const resolveSuggestion = useCallback(
    (done: boolean, message: string) => announce(done ? message : "That suggestion is no longer in the text."),
    [announce],
  );

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
  // As the server decides a suggest-only connection (server.ts): a reviewer, until approval.
  const suggestOnly =
    !recommendation.abilities.editBody && details.role === "reviewer" && recommendation.status !== "approved";
  const suggesting = {
    forced: suggestOnly,
    initial: recommendation.status === "in_review" && details.brief.suggestEditsInReview !== false,
  };
  return (
    <>
      <section className="workspace-main recommendation" aria-labelledby={titleId}>
        <RecommendationHeader recommendation={recommendation} titleId={titleId} />
        {versionView ? (
          <Suspense fallback={<LoadingState label="Loading the version…" />}>
            <VersionViewer
              key={recommendation.id}
              recommendationId={recommendation.id}
              view={versionView}
              live={live}
              canRestore={recommendation.abilities.editBody}
              onView={onViewVersion}
              onClose={onCloseVersion}
            />
          </Suspense>
        ) : null}
        <div className="live-editor" hidden={versionView !== null}>
          <Suspense fallback={<LoadingState label="Loading the editor…" />}>
            <RecommendationEditor
              key={recommendation.id}
              recommendationId={recommendation.id}
              user={user}
              editable={recommendation.abilities.editBody || suggestOnly}
              readOnlyReason={suggestOnly ? null : readOnlyReason(details.role, recommendation)}
              suggesting={recommendation.abilities.editBody || suggestOnly ? suggesting : undefined}
              labelledBy={titleId}
              onAccessChanged={onAccessChanged}
              onCiteTarget={setCiteTarget}
              review={review}
              onCitationSaved={onCitationSaved}
              citationsVersion={citationSaves}
              pendingCitation={pendingCitation}
              onPendingCitationInserted={onPendingCitationInserted}
              onLiveDocument={setLive}
              claims={editorClaims}
            />
          </Suspense>
        </div>
      </section>
      <SidePanel
        citeTarget={recommendation.abilities.editBody ? citeTarget : null}
        tab={tab}
        onTabChange={setTab}
        openThreads={openThreads.length}
        comments={
          <>
            <SuggestionsPanel
              suggestions={suggestions}
              members={members}
              canResolve={recommendation.abilities.editBody}
              canComment={canComment}
              threads={suggestionThreads}
              actionsFor={actionsFor}
              onSelect={(suggestion) => suggestionsTarget?.select(suggestion)}
              onAccept={(suggestion) =>
                resolveSuggestion(suggestionsTarget?.accept(suggestion) ?? false, "Suggestion accepted.")
              }
              onReject={(suggestion) =>
                resolveSuggestion(suggestionsTarget?.reject(suggestion) ?? false, "Suggestion rejected.")
              }
              onAcceptAll={() =>
                resolveSuggestion(suggestionsTarget?.acceptAll() ?? false, "All suggestions accepted.")
              }
              onRejectAll={() =>
                resolveSuggestion(suggestionsTarget?.rejectAll() ?? false, "All suggestions rejected.")
              }
              onReply={onSuggestionReply}
            />
            <CommentsPanel
              state={plainThreadsState}
              members={members}
              canComment={canComment}
              draft={draft}
              activeThreadId={activeThreadId}
              revealThreadId={linkedThread}
              attachedThreads={attachedThreads}
              onCreate={onCreate}
              onCancelDraft={() => setDraft(null)}
              actionsFor={actionsFor}
              onShowThread={onShowThread}
            />
          </>
        }
        activity={<ActivityPanel state={activity} members={members} />}
        citations={
          <CitedEvidencePanel
            key={recommendation.id}
            briefId={briefId}
            cited={cited}
            editable={recommendation.abilities.editBody}
            onSaved={onCitationSaved}
          />
        }
        unsourcedCitations={cited.unsourced}
        figures={
          <ClaimsPanel
            state={claimsState}
            onShow={(finding) => onOpenClaim(finding.id, { focus: true })}
            canIgnore={recommendation.abilities.update}
            onUnignore={onUnignoreClaim}
          />
        }
        openFigures={
          claimsState.status === "loaded"
            ? {
                total: openClaims(claimsState.claims.counts),
                disagreeing: disagreeing(claimsState.claims.counts),
              }
            : null
        }
        history={
          <HistoryPanel
            recommendationId={recommendation.id}
            members={members}
            canSave={recommendation.abilities.update}
            view={versionView}
            onView={onViewVersion}
          />
        }
      />
    </>
  );
}

/** Why the body cannot be edited, in the words of the person reading it. The API decides *whether*. */
function readOnlyReason(role: Role, recommendation: RecommendationView): string | null {
  if (recommendation.abilities.editBody) return null;
  if (recommendation.status === "approved") return "Approved — read-only until a lead reopens it.";
  return `Read-only: you are a ${ROLE_LABELS[role].toLowerCase()}.`;
}
