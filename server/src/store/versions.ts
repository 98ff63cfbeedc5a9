import { createHash } from "node:crypto";
import type { Status } from "@accord/domain";
import type { VersionKind } from "@accord/protocol";

/**
 * A saved version of a recommendation's body, as the store keeps it (issue 18). The body is the
 * ProseMirror JSON itself, not a pointer into the document log: compacting the log never touches
 * a version. `bodyHash` (bodyHashOf) lets an automatic version skip a body already saved.
 */
export interface StoredVersion {
  id: string;
  briefId: string;
  recommendationId: string;
  kind: VersionKind;
  name: string;
  authorIds: string[];
  /** The recommendation's status when the version was saved. */
  status: Status;
  createdAt: string;
  /** For `restore`: the version it brought back. */
  restoredFrom: string | null;
  bodyHash: string;
}

export interface StoredVersionWithBody extends StoredVersion {
  /** ProseMirror JSON, as text. */
  body: string;
}

/** What `createVersion` is given; the store names and stamps it. */
export type NewVersion = Omit<StoredVersionWithBody, "id" | "createdAt">;

/** sha-256 of the body's JSON text, hex. */
export function bodyHashOf(body: string): string {
  return createHash("sha256").update(body).digest("hex");
}
