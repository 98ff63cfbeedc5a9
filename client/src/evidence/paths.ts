const segment = encodeURIComponent;

/** The report viewer, scrolled to one passage when `passageId` is given (both query and hash, so either survives). */
export function reportPath(briefId: string, reportId: string, passageId?: string): string {
  const base = `/briefs/${segment(briefId)}/reports/${segment(reportId)}`;
  return passageId ? `${base}?passage=${segment(passageId)}#passage-${segment(passageId)}` : base;
}

export function recommendationPath(briefId: string, recommendationId: string): string {
  return `/briefs/${segment(briefId)}/recommendations/${segment(recommendationId)}`;
}

export function evidencePath(briefId: string): string {
  return `/briefs/${segment(briefId)}/evidence`;
}
