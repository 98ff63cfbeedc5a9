import { useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { errorMessage } from "../api/ApiError";
import { queryKeys } from "../api/queryKeys";
import { useBriefCache } from "../api/useBriefCache";
import { ErrorBanner } from "../components/ErrorBanner";
import { InviteLinkForm } from "../components/InviteLinkForm";
import { LoadingState } from "../components/LoadingState";
import { MemberRow } from "../components/MemberRow";
import { PendingInvites } from "../components/PendingInvites";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useBriefDetails, useWorkspace } from "../components/workspaceContext";
import { membersQuery } from "../review/useMembers";

/** `/briefs/:briefId/members`: who is in the brief; leads change roles, remove people and create invite links. */
export function MembersPage() {
  const { api, briefId } = useWorkspace();
  const details = useBriefDetails();
  useDocumentTitle(`Members of ${details.brief.title}`);
  const { manageMembers, invite } = details.abilities;
  const { refetch } = useBriefCache();
  const membersRead = useQuery(membersQuery(api, briefId));
  // Only leads may see pending invites; a member who became one sees them with their new abilities.
  const invitesRead = useQuery({
    queryKey: queryKeys.invites(briefId),
    queryFn: async () => (await api.invites.list(briefId)).invites,
    enabled: invite,
  });
  const members = membersRead.data ?? null;
  const invites = invitesRead.data ?? null;
  const failed = membersRead.error ?? invitesRead.error;
  const [error, setError] = useState<string | null>(null);
  // A failed action shows until it is dismissed; a failed read until then or until a read succeeds
  // (a later failure is another error, shown again).
  const [dismissed, setDismissed] = useState<unknown>(null);
  const shownError = error ?? (failed && failed !== dismissed ? errorMessage(failed) : null);
  const load = useCallback(() => refetch([queryKeys.members(briefId)]), [refetch, briefId]);
  const loadInvites = useCallback(() => refetch([queryKeys.invites(briefId)]), [refetch, briefId]);

  return (
    <section className="workspace-main workspace-wide" aria-labelledby="members-heading">
      <p className="eyebrow">{details.brief.title}</p>
      <h1 id="members-heading">Members</h1>
      <ErrorBanner
        message={shownError}
        onDismiss={() => {
          setError(null);
          setDismissed(failed);
        }}
      />
      {members === null && !shownError ? <LoadingState label="Loading members…" /> : null}
      {members ? (
        // A phone may be narrower than the table: it scrolls sideways on its own, never the page.
        // biome-ignore lint/a11y/useSemanticElements: a scrolling region must take focus to be scrolled by keyboard (WCAG 2.1.1)
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard (WCAG 2.1.1)
        <div className="table-scroll" role="region" aria-label="Table of members" tabIndex={0}>
          <table className="members-table">
            <caption className="visually-hidden">People in this brief and their roles</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                {manageMembers ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <MemberRow key={member.userId} member={member} onChanged={load} onError={setError} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {invite ? (
        <div className="card invite-card">
          <h2>Invite someone</h2>
          <p className="muted">
            Create a link for a role and send it to one person. It works once, for a week; whoever opens it signs up or
            logs in and joins with that role. Give an e-mail address to make it work for that address only.
          </p>
          <InviteLinkForm onCreated={() => void loadInvites()} />
        </div>
      ) : null}

      {invite ? (
        <section className="pending-invites" aria-labelledby="pending-invites-heading">
          <h2 id="pending-invites-heading">Pending invites</h2>
          {invites === null ? (
            <LoadingState label="Loading invites…" />
          ) : (
            <PendingInvites invites={invites} onChanged={loadInvites} onError={setError} />
          )}
        </section>
      ) : null}
    </section>
  );
}
