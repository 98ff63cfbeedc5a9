import type { Member } from "@accord/protocol";
import { LoadingState } from "../components/LoadingState";
import { StatusPill } from "../components/StatusPill";
import { STATUSES, type Status } from "@accord/domain";
import { ActivityItem } from "./ActivityItem";
import { formatFullTime, formatWhen } from "./formatWhen";
import type { ActivityState } from "./useActivity";

const STATUS_VALUES = new Set<unknown>(STATUSES);
const isStatus = (value: unknown): value is Status => STATUS_VALUES.has(value);

/** A recommendation's status history (who moved it where, with their note) and everything else that happened. */
export function ActivityPanel({ state, members }: { state: ActivityState; members: readonly Member[] }) {
  if (state.status === "loading") return <LoadingState label="Loading activity…" />;
  if (state.status === "failed")
    return (
      <p role="alert" className="banner banner-error">
        {state.message}
      </p>
    );
  const nameOf = (userId: string) => members.find((member) => member.userId === userId)?.name ?? null;
  const history = state.activity.filter((entry) => entry.type === "status.changed");

  return (
    <div className="activity-panel">
      <section aria-labelledby="status-history-heading" className="panel-section">
        <h2 id="status-history-heading" className="panel-heading">
          Status history
        </h2>
        {history.length === 0 ? (
          <p className="muted small">Still a first draft: the status has not changed yet.</p>
        ) : (
          <ol className="status-history" data-testid="status-history">
            {history.map((entry) => (
              <li key={entry.id}>
                <div className="status-history-change">
                  {isStatus(entry.data.from) ? <StatusPill status={entry.data.from} /> : null}
                  <span aria-hidden="true">→</span>
                  <span className="visually-hidden"> to </span>
                  {isStatus(entry.data.to) ? <StatusPill status={entry.data.to} /> : null}
                </div>
                <p className="small">
                  {entry.actor.name} ·{" "}
                  <time dateTime={entry.createdAt} title={formatFullTime(entry.createdAt)}>
                    {formatWhen(entry.createdAt)}
                  </time>
                </p>
                {typeof entry.data.note === "string" && entry.data.note ? (
                  <p className="status-history-note">
                    <q>{entry.data.note}</q>
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="activity-heading" className="panel-section">
        <h2 id="activity-heading" className="panel-heading">
          All activity
        </h2>
        {state.activity.length === 0 ? (
          <p className="muted small">Nothing yet.</p>
        ) : (
          <ol className="activity-list">
            {state.activity.map((entry) => (
              <ActivityItem key={entry.id} entry={entry} withTitle={false} nameOf={nameOf} />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
