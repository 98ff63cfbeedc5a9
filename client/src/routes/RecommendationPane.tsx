import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
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
import type { Role } from "@accord/domain";

// Tiptap, ProseMirror and Yjs are most of the client's weight: load them only with a recommendation.
const RecommendationEditor = lazy(() =>
  import("../editor/RecommendationEditor").then((module) => ({ default: module.RecommendationEditor })),
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
  // This window's own change to the threads (the notification may come later, or not at all).
  const reviewChanged = useCallback(
    (id: string) => void cache.refetch(reviewChangedKeys(briefId, id)),
    [cache, briefId],
  );

  useEffect(() => watchRecommendation(recId), [recId, watchRecommendation]);
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

  const openThreads = useMemo(
    () =>
      threadsState.status === "loaded"
        ? threadsState.threads
            .filter((thread) => thread.status === "open")
            .map((thread) => ({ id: thread.id, anchor: thread.anchor }))
        : [],
    [threadsState],
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
    }),
    [canComment, openThreads, activeThreadId, onStartThread, onActivateThread],
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
            review={review}
            onCitationSaved={onCitationSaved}
            citationsVersion={citationSaves}
            pendingCitation={pendingCitation}
            onPendingCitationInserted={onPendingCitationInserted}
          />
        </Suspense>
      </section>
      <SidePanel
        citeTarget={recommendation.abilities.editBody ? citeTarget : null}
        tab={tab}
        onTabChange={setTab}
        openThreads={openThreads.length}
        comments={
          <CommentsPanel
            state={threadsState}
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
