import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError, errorMessage } from "../api/ApiError";
import type { BriefDetails } from "../api/types";
import { LoadingState } from "../components/LoadingState";
import { RoleBadge } from "../components/RoleBadge";
import { useSession } from "../components/SessionProvider";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { canEditSources } from "./sourcePermissions";
import { SourcesPage } from "./SourcesPage";
import { useBibliographyApi } from "./useBibliographyApi";

type BriefState = { status: "loading" } | { status: "loaded"; details: BriefDetails } | { status: "not_found" } | { status: "failed"; message: string };

/**
 * `/briefs/:briefId/sources`: the bibliography on a page of its own, reached from the workspace's
 * sidebar. It loads only the brief's role and style, not the workspace's sockets and editor.
 */
export function SourcesRoute() {
  const { briefId = "" } = useParams();
  const { api } = useSession();
  const bibliography = useBibliographyApi();
  const [brief, setBrief] = useState<BriefState>({ status: "loading" });
  const [announcement, setAnnouncement] = useState("");
  const announceTimer = useRef<number | undefined>(undefined);

  useEffect(() => {
    let current = true;
    setBrief({ status: "loading" });
    api.briefs.get(briefId).then(
      (details) => {
        if (current) setBrief({ status: "loaded", details });
      },
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiError && (error.status === 404 || error.status === 403)) setBrief({ status: "not_found" });
        else setBrief({ status: "failed", message: errorMessage(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [api, briefId]);

  const announce = useCallback((message: string) => {
    window.clearTimeout(announceTimer.current);
    setAnnouncement(message);
    announceTimer.current = window.setTimeout(() => setAnnouncement(""), 6000);
  }, []);
  useEffect(() => () => window.clearTimeout(announceTimer.current), []);

  useDocumentTitle(brief.status === "loaded" ? `Bibliography sources · ${brief.details.brief.title}` : "Bibliography sources");

  if (brief.status === "loading") return <LoadingState label="Opening the bibliography…" />;
  if (brief.status === "not_found" || brief.status === "failed") {
    return (
      <div className="page page-narrow">
        <h1>{brief.status === "not_found" ? "Brief not found" : "The bibliography could not be loaded"}</h1>
        <p role="alert">{brief.status === "not_found" ? "It does not exist, or you are not a member of it." : brief.message}</p>
        <Link to="/" className="button button-secondary">
          Go to your briefs
        </Link>
      </div>
    );
  }

  const { details } = brief;
  const base = `/briefs/${encodeURIComponent(briefId)}`;
  return (
    <div className="page sources-page">
      <nav aria-label="Breadcrumb" className="sources-breadcrumb">
        <Link to="/" className="breadcrumb">
          Briefs
        </Link>
        <span className="breadcrumb-sep" aria-hidden="true">
          /
        </span>
        <Link to={base} className="breadcrumb">
          {details.brief.title}
        </Link>
        <RoleBadge role={details.role} />
      </nav>
      <section aria-labelledby="sources-heading">
        <p className="eyebrow">Brief</p>
        <h1 id="sources-heading">Bibliography sources</h1>
        <SourcesPage
          bibliography={bibliography}
          briefId={briefId}
          citationStyle={details.brief.citationStyle}
          canEdit={canEditSources(details.role)}
          canChangeStyle={details.abilities.updateBrief}
          announce={announce}
        />
      </section>
      <div className="visually-hidden" aria-live="polite" role="status">
        {announcement}
      </div>
      {announcement ? (
        <div className="toast" aria-hidden="true">
          {announcement}
        </div>
      ) : null}
    </div>
  );
}
