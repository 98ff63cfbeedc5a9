import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, NavLink, Route, Routes, useLocation, useParams } from "react-router";
import { useWorkspaceData } from "../api/useWorkspaceData";
import { BriefSettingsDialog } from "../components/BriefSettingsDialog";
import { ErrorBoundary } from "../components/ErrorBoundary";
import { LoadingState } from "../components/LoadingState";
import { PresenceList } from "../components/PresenceList";
import { RoleBadge } from "../components/RoleBadge";
import { SectorSidebar } from "../components/SectorSidebar";
import { SidebarDrawer } from "../components/SidebarDrawer";
import { useCurrentUser, useSession } from "../components/SessionProvider";
import { Toast } from "../components/Toast";
import { WorkspaceContext, type Workspace } from "../components/workspaceContext";
import type { BibliographyEventHandlers } from "../realtime/bibliographyEvents";
import { useBriefSocket } from "../realtime/useBriefSocket";
import { ExportPage } from "../export/ExportPage";
import { sourcesPath } from "../sources/paths";
import { canEditSources } from "../sources/sourcePermissions";
import { SourcesPage } from "../sources/SourcesPage";
import { useBibliographyApi } from "../sources/useBibliographyApi";
import { EvidencePage } from "./EvidencePage";
import { MembersPage } from "./MembersPage";
import { RecommendationPane } from "./RecommendationPane";
import { ReportViewerPage } from "./ReportViewerPage";
import { WorkspaceHome } from "./WorkspaceHome";

/**
 * `/briefs/:briefId/*`: the sidebar of sectors and recommendations, and in the middle
 * either the brief's overview, one recommendation, its evidence, bibliography, members or
 * export. Loaded lazily: this is where socket.io and the protocol schemas come in.
 */
export function BriefWorkspace() {
  const { briefId = "" } = useParams();
  const { pathname } = useLocation();
  const { api } = useSession();
  const user = useCurrentUser();
  const data = useWorkspaceData(api, briefId);
  const [removed, setRemoved] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [membersVersion, setMembersVersion] = useState(0);
  const [reportsVersion, setReportsVersion] = useState(0);
  const reportImported = useCallback(() => setReportsVersion((version) => version + 1), []);
  const [reviewVersions, setReviewVersions] = useState<ReadonlyMap<string, number>>(() => new Map());
  const reviewChanged = useCallback((recommendationId: string) => {
    setReviewVersions((current) => new Map(current).set(recommendationId, (current.get(recommendationId) ?? 0) + 1));
  }, []);
  const [activityVersion, setActivityVersion] = useState(0);
  const activityChanged = useCallback(() => setActivityVersion((version) => version + 1), []);
  const [sourcesVersion, setSourcesVersion] = useState(0);
  const [citationsVersion, setCitationsVersion] = useState(0);
  const bibliographyEvents = useMemo<BibliographyEventHandlers>(
    () => ({
      onSource: () => setSourcesVersion((version) => version + 1),
      onCitation: () => setCitationsVersion((version) => version + 1),
    }),
    [],
  );
  const bibliography = useBibliographyApi();
  const announceTimer = useRef<number | undefined>(undefined);

  const announce = useCallback((message: string) => {
    window.clearTimeout(announceTimer.current);
    setAnnouncement(message);
    announceTimer.current = window.setTimeout(() => setAnnouncement(""), 6000);
  }, []);
  useEffect(() => () => window.clearTimeout(announceTimer.current), []);

  const { reloadBrief, reloadSectors, reloadRecommendations, reloadAll } = data;
  const live = useBriefSocket(briefId, {
    // source.updated and citation.updated: the socket hands them on once it listens for them
    // (listenForBibliographyEvents, realtime/bibliographyEvents.ts).
    ...bibliographyEvents,
    onRecommendation: () => {
      void reloadRecommendations();
      activityChanged();
    },
    onSectors: () => void reloadSectors(),
    onBrief: () => void reloadBrief(),
    onMember: (event) => {
      setMembersVersion((version) => version + 1);
      if (event.userId !== user.id) return;
      if (event.role === null) setRemoved(true);
      // A new role changes every ability the API hands out.
      else void Promise.all([reloadBrief(), reloadRecommendations()]);
    },
    onReport: () => reportImported(),
    onReview: (event) => {
      reviewChanged(event.recommendationId);
      activityChanged();
    },
    onActivity: () => activityChanged(),
    // Mentions are stored notifications now: the header's inbox counts and announces them.
    onResync: () => {
      void reloadAll();
      reportImported();
      setReviewVersions((current) => new Map([...current].map(([id, version]) => [id, version + 1])));
      activityChanged();
      setSourcesVersion((version) => version + 1);
      setCitationsVersion((version) => version + 1);
    },
  });

  const { details, sectors, recommendations, putRecommendation, dropRecommendation, putSector, dropSector } = data;
  const workspace = useMemo<Workspace | null>(() => {
    if (!details || !sectors || !recommendations) return null;
    return {
      api,
      user,
      briefId,
      details,
      sectors,
      recommendations,
      reloadBrief,
      reloadSectors,
      reloadRecommendations,
      reloadAll,
      putRecommendation,
      dropRecommendation,
      putSector,
      dropSector,
      watchRecommendation: live.watchRecommendation,
      membersVersion,
      reportsVersion,
      reportImported,
      reviewVersions,
      reviewChanged,
      activityVersion,
      sourcesVersion,
      citationsVersion,
      announce,
    };
  }, [
    api,
    user,
    briefId,
    details,
    sectors,
    recommendations,
    reloadBrief,
    reloadSectors,
    reloadRecommendations,
    reloadAll,
    putRecommendation,
    dropRecommendation,
    putSector,
    dropSector,
    live.watchRecommendation,
    membersVersion,
    reportsVersion,
    reportImported,
    reviewVersions,
    reviewChanged,
    activityVersion,
    sourcesVersion,
    citationsVersion,
    announce,
  ]);

  // A brief that loaded once and now answers 404 is one the member lost access to.
  const lostAccess = removed || (data.loadError?.kind === "not_found" && data.details !== null);
  if (lostAccess || data.loadError?.kind === "not_found") {
    return (
      <div className="page page-narrow">
        <h1>{lostAccess ? "You are no longer a member of this brief" : "Brief not found"}</h1>
        <p>{lostAccess ? "A lead removed you from it, or it was deleted." : "It does not exist, or you are not a member of it."}</p>
        <Link to="/" className="button button-secondary">
          Go to your briefs
        </Link>
      </div>
    );
  }
  if (data.loadError?.kind === "failed") {
    return (
      <div className="page page-narrow">
        <h1>The brief could not be loaded</h1>
        <p role="alert">{data.loadError.message}</p>
        <button type="button" className="button button-secondary" onClick={() => void reloadAll()}>
          Try again
        </button>
      </div>
    );
  }
  if (!workspace) return <LoadingState label="Opening the brief…" />;

  const { brief, role, abilities } = workspace.details;
  const base = `/briefs/${encodeURIComponent(briefId)}`;

  return (
    <WorkspaceContext.Provider value={workspace}>
      <div className="workspace">
        <div className="workspace-bar">
          <div className="workspace-title">
            <Link to="/" className="breadcrumb">
              Briefs
            </Link>
            <span className="breadcrumb-sep" aria-hidden="true">
              /
            </span>
            <Link to={base} className="workspace-brief-title">
              {brief.title}
            </Link>
            <RoleBadge role={role} />
            {abilities.updateBrief ? (
              <button type="button" className="button-link" onClick={() => setSettingsOpen(true)}>
                Edit brief
              </button>
            ) : null}
          </div>
          <div className="workspace-bar-end">
            {live.presence ? <PresenceList users={live.presence} currentUserId={user.id} /> : null}
            <span className={`live-status live-${live.state.status}`} role="status">
              {liveLabel(live.state)}
            </span>
            <nav aria-label="Brief" className="workspace-nav">
              <NavLink to={`${base}/evidence`} className="button button-secondary button-small">
                Evidence
              </NavLink>
              <NavLink to={sourcesPath(briefId)} className="button button-secondary button-small">
                Bibliography
              </NavLink>
              <NavLink to={`${base}/members`} className="button button-secondary button-small">
                Members
              </NavLink>
              {abilities.export ? (
                <NavLink to={`${base}/export`} className="button button-secondary button-small">
                  Export
                </NavLink>
              ) : null}
            </nav>
          </div>
        </div>
        <div className="workspace-body">
          <SidebarDrawer>
            <SectorSidebar />
          </SidebarDrawer>
          <ErrorBoundary label="This view" resetKey={pathname}>
            <Routes>
              <Route index element={<WorkspaceHome />} />
              <Route path="recommendations/:recId" element={<RecommendationPane />} />
              <Route path="members" element={<MembersPage />} />
              <Route path="evidence" element={<EvidencePage />} />
              <Route
                path="sources"
                element={
                  <SourcesPage
                    bibliography={bibliography}
                    briefId={briefId}
                    briefTitle={brief.title}
                    briefUpdatedAt={brief.updatedAt}
                    citationStyle={brief.citationStyle}
                    canEdit={canEditSources(role)}
                    canChangeStyle={abilities.updateBrief}
                    version={sourcesVersion}
                    announce={announce}
                  />
                }
              />
              <Route path="export" element={<ExportPage />} />
              <Route path="reports/:reportId" element={<ReportViewerPage />} />
              <Route
                path="*"
                element={
                  <section className="workspace-main">
                    <h1>Not found</h1>
                    <p>Nothing in this brief lives at this address.</p>
                  </section>
                }
              />
            </Routes>
          </ErrorBoundary>
        </div>
        <Toast message={announcement} />
      </div>
      <BriefSettingsDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </WorkspaceContext.Provider>
  );
}

function liveLabel(state: ReturnType<typeof useBriefSocket>["state"]): string {
  switch (state.status) {
    case "connecting":
      return "Connecting live updates…";
    case "live":
      return "Live";
    case "reconnecting":
      return "Live updates reconnecting…";
    case "refused":
      return `Live updates off: ${state.message}`;
    default: {
      const exhaustive: never = state;
      return exhaustive;
    }
  }
}
