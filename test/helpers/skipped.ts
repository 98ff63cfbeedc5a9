/**
 * A suite's title that says why it is skipped: `title — SKIPPED: <what is missing>` when
 * something it needs is absent (the reader of the test list sees the reason, as the console does).
 */
export function skippedUnless(title: string, missing: string | null): string {
  return missing === null ? title : `${title} — SKIPPED: ${missing}`;
}
