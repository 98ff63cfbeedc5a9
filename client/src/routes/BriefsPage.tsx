import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../api/ApiError";
import type { BriefSummary } from "@accord/protocol";
import { CreateBriefForm } from "../components/CreateBriefForm";
import { ErrorBanner } from "../components/ErrorBanner";
import { LoadingState } from "../components/LoadingState";
import { RoleBadge } from "../components/RoleBadge";
import { useCurrentUser, useSession } from "../components/SessionProvider";
import { useDocumentTitle } from "../components/useDocumentTitle";

/** Every brief the user is a member of, with their role in it, and a form to start a new one. */
export function BriefsPage() {
  useDocumentTitle("Your briefs");
  const { api } = useSession();
  const user = useCurrentUser();
  const [briefs, setBriefs] = useState<BriefSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (signal?: AbortSignal) =>
      api.briefs
        .list()
        .then(({ briefs }) => {
          if (!signal?.aborted) setBriefs(briefs);
        })
        .catch((caught: unknown) => {
          if (!signal?.aborted) setError(errorMessage(caught));
        }),
    [api],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  return (
    <div className="page page-narrow">
      <div className="page-header">
        <div>
          <p className="eyebrow">Welcome, {user.name}</p>
          <h1>Your briefs</h1>
        </div>
      </div>

      <div className="briefs-layout">
        <section aria-labelledby="briefs-list-heading" className="briefs-list-section">
          <h2 id="briefs-list-heading" className="visually-hidden">
            Briefs you belong to
          </h2>
          <ErrorBanner message={error} />
          {briefs === null && !error ? <LoadingState label="Loading your briefs…" /> : null}
          {briefs?.length === 0 ? (
            <div className="empty-state">
              <p>You are not part of any brief yet.</p>
              <p className="muted">Start one with the form, or open an invite link a lead sent you.</p>
            </div>
          ) : null}
          {briefs && briefs.length > 0 ? (
            <ul className="brief-list">
              {briefs.map((brief) => (
                <li key={brief.id} className="brief-list-item">
                  <Link to={`/briefs/${encodeURIComponent(brief.id)}`} className="brief-link" data-testid="brief-link">
                    <span className="brief-title">{brief.title}</span>
                    {brief.description ? <span className="brief-description">{brief.description}</span> : null}
                    {brief.updatedAt ? <span className="brief-meta">Updated {formatDate(brief.updatedAt)}</span> : null}
                  </Link>
                  <RoleBadge role={brief.role} />
                </li>
              ))}
            </ul>
          ) : null}
        </section>

        <section aria-labelledby="create-brief-heading" className="card">
          <h2 id="create-brief-heading">Start a brief</h2>
          <p className="muted">You will be its lead: you set up sectors and invite your team.</p>
          <CreateBriefForm />
        </section>
      </div>
    </div>
  );
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}
