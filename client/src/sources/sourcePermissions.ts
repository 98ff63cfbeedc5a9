import type { Role } from "@accord/domain";

/**
 * Who adds, edits and deletes sources: editors and leads (CITATIONS.md §4's table; the server
 * decides, this only hides the controls). Once the brief's abilities carry it, read it from there.
 */
export function canEditSources(role: Role): boolean {
  return role === "lead" || role === "editor";
}

