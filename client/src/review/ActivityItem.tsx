import type { ActivityView } from "@accord/protocol";
import { activitySentence } from "./activitySentence";
import { formatFullTime, formatWhen } from "./formatWhen";

interface ActivityItemProps {
  entry: ActivityView;
  withTitle: boolean;
  nameOf?: (userId: string) => string | null;
}

/** "Rita Reviewer requested changes: “Add a source for the 2019 figure”" and when. */
export function ActivityItem({ entry, withTitle, nameOf }: ActivityItemProps) {
  const sentence = activitySentence(entry, { withTitle, ...(nameOf ? { nameOf } : {}) });
  return (
    <li className={`activity-item activity-${entry.type.replace(".", "-")}`} data-testid="activity-item">
      <p className="activity-sentence">
        <strong>{sentence.actor}</strong> {sentence.text}
        {sentence.detail ? (
          <>
            {" "}
            <q className="activity-detail">{sentence.detail}</q>
          </>
        ) : null}
      </p>
      <time className="muted small" dateTime={entry.createdAt} title={formatFullTime(entry.createdAt)}>
        {formatWhen(entry.createdAt)}
      </time>
    </li>
  );
}
