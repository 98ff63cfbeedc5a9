import type { VersionDetails, VersionSummary } from "@accord/protocol";
import type { StoredVersion, StoredVersionWithBody } from "../store/versions.js";

/** What the API shows of a version: not its brief (the URL names it) nor its hash. */
export function presentVersionSummary(version: StoredVersion): VersionSummary {
  return {
    id: version.id,
    recommendationId: version.recommendationId,
    kind: version.kind,
    name: version.name,
    authorIds: version.authorIds,
    status: version.status,
    createdAt: version.createdAt,
    restoredFrom: version.restoredFrom,
  };
}

/**
 * The version with its body. The stored JSON text is parsed here and serialized again by
 * Express: a 50-page body is a few hundred kB, parsed in a few milliseconds (bench: version-open).
 */
export function presentVersionDetails(version: StoredVersionWithBody): VersionDetails {
  return { version: presentVersionSummary(version), body: JSON.parse(version.body) as unknown };
}
