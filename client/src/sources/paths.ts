/** The bibliography page's address, for links from the workspace. */
export function sourcesPath(briefId: string): string {
  return `/briefs/${encodeURIComponent(briefId)}/sources`;
}
