import { can, type Role } from "@accord/domain";

/**
 * Who adds, edits and deletes sources: whoever may edit recommendations' bodies (editors and
 * leads, CITATIONS.md §4), asked of the same permission table the server's sources routes ask.
 * The server decides; this only hides the controls.
 */
export function canEditSources(role: Role): boolean {
  return can(role, "recommendation.editBody");
}
