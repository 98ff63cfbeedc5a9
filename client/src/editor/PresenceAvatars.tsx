import { useId } from "react";
import { initials } from "../components/initials";
import type { PresentUser } from "./usePresence";

/** The people in this document, in their caret colours. */
export function PresenceAvatars({ users }: { users: PresentUser[] }) {
  const labelId = useId();
  return (
    <div className="presence" data-testid="presence">
      <span className="presence-label" id={labelId}>
        Here now
      </span>
      <ul className="avatar-stack" aria-labelledby={labelId}>
        {users.map((user) => {
          const label = user.isSelf ? `${user.name} (you)` : user.name;
          return (
            <li
              key={user.userId}
              className="avatar"
              style={{ backgroundColor: user.color }}
              title={label}
              data-user-name={user.name}
            >
              <span aria-hidden="true">{initials(user.name)}</span>
              <span className="visually-hidden">{label}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
