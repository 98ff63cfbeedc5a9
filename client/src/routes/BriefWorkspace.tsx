import { ServerEvent } from "@accord/protocol";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, NavLink, Route, Routes, useLocation, useParams } from "react-router";
import { ApiError, errorMessage } from "../api/ApiError";
import { briefQueries } from "../api/briefQueries";
import { queryKeys } from "../api/queryKeys";
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
import { staleQueryKeys } from "../realtime/liveQueryKeys";
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
  const queryClient = useQueryClient();
  const details = useQuery(briefQueries.details(api, briefId));
  const sectors = useQuery(briefQueries.sectors(api, briefId));
  const recommendations = useQuery(briefQueries.recommendations(api, briefId));
  const [removed, setRemoved] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [settingsOpen, setSettingsOpen] = useState(false);
  const bibliography = useBibliographyApi();
  const announceTimer = useRef<number | undefined>(undefined);

  const announce = useCallback((message: string) => {
    window.clearTimeout(announceTimer.current);
    setAnnouncement(message);
    announceTimer.current = window.setTimeout(() => setAnnouncement(""), 6000);
  }, []);
  useEffect(() => () => window.clearTimeout(announceTimer.current), []);

  const live = useBriefSocket(briefId, {
    onChange: (event) => {
      if (event.type === ServerEvent.MemberUpdated && event.userId === user.id && event.role === null) setRemoved(true);
      for (const queryKey of staleQueryKeys(briefId, user.id, event)) void queryClient.invalidateQueries({ queryKey });
    },
    onResync: () => void queryClient.invalidateQueries({ queryKey: queryKeys.brief(briefId) }),
  });

  const workspace = useMemo<Workspace>(
    () => ({ api, user, briefId, watchRecommendation: live.watchRecommendation, announce }),
    [api, user, briefId, live.watchRecommendation, announce],
  );

  const loadError = workspaceLoadError([details.error, sectors.error, recommendations.error]);
  // A brief that loaded once and now answers 404 is one the member lost access to.
  const lostAccess = removed || (loadError?.kind === "not_found" && details.data !== undefined);
  if (lostAccess || loadError?.kind === "not_found") {
    return (
      <div className="page page-narrow">
        <h1>{lostAccess ? "You are no longer a member of this brief" : "Brief not found"}</h1>
        <p>
          {lostAccess
            ? "A lead removed you from it, or it was deleted."
            : "It does not exist, or you are not a member of it."}
        </p>
        <Link to="/" className="button button-secondary">
          Go to your briefs
        </Link>
      </div>
    );
  }
  if (loadError?.kind === "failed") {
    return (
      <div className="page page-narrow">
        <h1>The brief could not be loaded</h1>
        <p role="alert">{loadError.message}</p>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void Promise.all([details.refetch(), sectors.refetch(), recommendations.refetch()])}
        >
          Try again
        </button>
      </div>
    );
  }
  if (!details.data || !sectors.data || !recommendations.data) return <LoadingState label="Opening the brief…" />;

  const { brief, role, abilities } = details.data;
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

type WorkspaceLoadError = { kind: "not_found" } | { kind: "failed"; message: string };

/** What the first failed of the brief's three reads means for the page; a 401 is the session's business, not the brief's. */
function workspaceLoadError(errors: ReadonlyArray<Error | null>): WorkspaceLoadError | null {
  for (const error of errors) {
    if (!error) continue;
    // 404 is also what a brief you are not (or no longer) a member of answers.
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return { kind: "not_found" };
    if (!(error instanceof ApiError && error.status === 401)) return { kind: "failed", message: errorMessage(error) };
  }
  return null;
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
