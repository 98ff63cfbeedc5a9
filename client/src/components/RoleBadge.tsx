import type { Role } from "@accord/domain";
import { ROLE_LABELS } from "./labels";

export function RoleBadge({ role }: { role: Role }) {
  return (
    <span className={`pill pill-role pill-role-${role}`} data-role={role}>
      <span className="visually-hidden">Your role: </span>
      {ROLE_LABELS[role]}
    </span>
  );
}
