/**
 * What the recommendation's main column shows in place of the live editor: one saved version
 * read-only (`compareWith` null), or that version compared with another or with the live text ("now").
 */
export interface VersionView {
  versionId: string;
  compareWith: string | "now" | null;
}

/** The id the live text goes by among versions: no version id is this short. */
export const NOW = "now";
