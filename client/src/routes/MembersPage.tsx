import { useCallback, useEffect, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { Member, PendingInvite } from "../api/types";
import { ErrorBanner } from "../components/ErrorBanner";
import { InviteLinkForm } from "../components/InviteLinkForm";
import { LoadingState } from "../components/LoadingState";
import { MemberRow } from "../components/MemberRow";
import { PendingInvites } from "../components/PendingInvites";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useWorkspace } from "../components/workspaceContext";

/** `/briefs/:briefId/members`: who is in the brief; leads change roles, remove people and create invite links. */
export function MembersPage() {
  const { api, briefId, details, membersVersion } = useWorkspace();
  useDocumentTitle(`Members of ${details.brief.title}`);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invites, setInvites] = useState<PendingInvite[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { manageMembers, invite } = details.abilities;

  // Only leads may see pending invites; a member who became one sees them after the next change.
  const loadInvites = useCallback(async () => {
    if (!invite) return;
    try {
      setInvites((await api.invites.list(briefId)).invites);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, [api, briefId, invite]);

  const load = useCallback(async () => {
    try {
      const { members: next } = await api.members.list(briefId);
      setMembers([...next].sort((a, b) => a.name.localeCompare(b.name)));
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, [api, briefId]);

  useEffect(() => {
    void load();
  }, [load, membersVersion]);

  // A change of members can kill invites too (a lead's die with their role).
  useEffect(() => {
    void loadInvites();
  }, [loadInvites, membersVersion]);

  return (
    <section className="workspace-main workspace-wide" aria-labelledby="members-heading">
      <p className="eyebrow">{details.brief.title}</p>
      <h1 id="members-heading">Members</h1>
      <ErrorBanner message={error} onDismiss={() => setError(null)} />
      {members === null && !error ? <LoadingState label="Loading members…" /> : null}
      {members ? (
        // A phone may be narrower than the table: it scrolls sideways on its own, never the page.
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
