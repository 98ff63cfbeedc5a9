import { userColor } from "../realtime/userColor";
import { initials } from "./initials";

interface PresenceListProps {
  users: ReadonlyArray<{ userId: string; name: string }>;
  currentUserId: string;
  label?: string;
  testId?: string;
}

/** Overlapping avatars of the people present, with their names for screen readers and on hover. */
export function PresenceList({
  users,
  currentUserId,
  label = "In this brief now",
  testId = "brief-presence",
}: PresenceListProps) {
  const unique = [...new Map(users.map((user) => [user.userId, user])).values()];
  return (
    <div className="presence" data-testid={testId}>
      <span className="visually-hidden">{label}:</span>
      <ul className="avatar-stack" aria-label={label}>
        {unique.map((user) => {
          const you = user.userId === currentUserId;
          return (
            <li
              key={user.userId}
              className="avatar"
              style={{ backgroundColor: userColor(user.userId) }}
              title={you ? `${user.name} (you)` : user.name}
              data-user-name={user.name}
            >
              <span aria-hidden="true">{initials(user.name)}</span>
              <span className="visually-hidden">{you ? `${user.name} (you)` : user.name}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
