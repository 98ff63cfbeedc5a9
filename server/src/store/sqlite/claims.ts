import type { ClaimFinding } from "@accord/claims";
import type { ClaimCounts } from "@accord/protocol";
import type Database from "better-sqlite3";
import type { StoredClaimCheck, StoredClaimIgnore, StoredClaimKey } from "../claims.js";
import type { ClaimsPort } from "../Store.js";
import { writeTransaction } from "./database.js";

interface CheckRow {
  recommendationId: string;
  briefId: string;
  findings: string;
  keys: string;
  counts: string;
  checkedAt: string;
}

const CHECK_COLUMNS = `recommendation_id AS recommendationId, brief_id AS briefId, findings, claim_keys AS keys,
  counts, checked_at AS checkedAt`;
const IGNORE_COLUMNS = `recommendation_id AS recommendationId, finding_id AS findingId, reason, user_id AS userId,
  created_at AS createdAt`;

const toCheck = (row: CheckRow): StoredClaimCheck => ({
  recommendationId: row.recommendationId,
  briefId: row.briefId,
  findings: JSON.parse(row.findings) as ClaimFinding[],
  keys: JSON.parse(row.keys) as StoredClaimKey[],
  counts: JSON.parse(row.counts) as ClaimCounts,
  checkedAt: row.checkedAt,
});

/** The claim check on SQLite: one row per recommendation, its ignored findings beside it; both go with it (ON DELETE CASCADE). */
export function createSqliteClaims(db: Database.Database, now: () => string): ClaimsPort {
  const s = {
    recommendationExists: db.prepare<[string], number>("SELECT 1 FROM recommendations WHERE id = ?").pluck(),
    putCheck: db.prepare<CheckRow, void>(
      `INSERT INTO claim_checks (recommendation_id, brief_id, findings, claim_keys, counts, checked_at)
       VALUES (@recommendationId, @briefId, @findings, @keys, @counts, @checkedAt)
       ON CONFLICT (recommendation_id) DO UPDATE SET brief_id = excluded.brief_id, findings = excluded.findings,
         claim_keys = excluded.claim_keys, counts = excluded.counts, checked_at = excluded.checked_at`,
    ),
    getCheck: db.prepare<[string], CheckRow>(`SELECT ${CHECK_COLUMNS} FROM claim_checks WHERE recommendation_id = ?`),
    listChecks: db.prepare<[string], CheckRow>(`SELECT ${CHECK_COLUMNS} FROM claim_checks WHERE brief_id = ?`),
    putIgnore: db.prepare<StoredClaimIgnore, void>(
      `INSERT INTO claim_ignores (recommendation_id, finding_id, reason, user_id, created_at)
       VALUES (@recommendationId, @findingId, @reason, @userId, @createdAt)
       ON CONFLICT (recommendation_id, finding_id) DO UPDATE SET reason = excluded.reason,
         user_id = excluded.user_id, created_at = excluded.created_at`,
    ),
    deleteIgnore: db.prepare<[string, string], void>(
      "DELETE FROM claim_ignores WHERE recommendation_id = ? AND finding_id = ?",
    ),
    listIgnores: db.prepare<[string], StoredClaimIgnore>(
      `SELECT ${IGNORE_COLUMNS} FROM claim_ignores WHERE recommendation_id = ? ORDER BY created_at, finding_id`,
    ),
  };

  // The recommendation is looked up under the write lock: one deleted meanwhile gets no orphan row.
  const putCheck = writeTransaction(db, (check: Omit<StoredClaimCheck, "checkedAt">): StoredClaimCheck | null => {
    if (!s.recommendationExists.get(check.recommendationId)) return null;
    const stored: StoredClaimCheck = { ...check, checkedAt: now() };
    s.putCheck.run({
      recommendationId: stored.recommendationId,
      briefId: stored.briefId,
      findings: JSON.stringify(stored.findings),
      keys: JSON.stringify(stored.keys),
      counts: JSON.stringify(stored.counts),
      checkedAt: stored.checkedAt,
    });
    return stored;
  });

  const putIgnore = writeTransaction(db, (input: Omit<StoredClaimIgnore, "createdAt">): StoredClaimIgnore | null => {
    if (!s.recommendationExists.get(input.recommendationId)) return null;
    const ignore: StoredClaimIgnore = { ...input, createdAt: now() };
    s.putIgnore.run(ignore);
    return ignore;
  });

  return {
    putClaimCheck: async (check) => putCheck(check),
    getClaimCheck: async (recommendationId) => {
      const row = s.getCheck.get(recommendationId);
      return row ? toCheck(row) : null;
    },
    listClaimChecks: async (briefId) => s.listChecks.all(briefId).map(toCheck),
    putClaimIgnore: async (input) => putIgnore(input),
    deleteClaimIgnore: async (recommendationId, findingId) =>
      s.deleteIgnore.run(recommendationId, findingId).changes > 0,
    listClaimIgnores: async (recommendationId) => s.listIgnores.all(recommendationId),
  };
}
