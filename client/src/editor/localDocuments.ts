/**
 * The index of the recommendations this browser keeps a local copy of (see localFirst.ts), kept
 * in localStorage: which copies to delete past MAX_LOCAL_DOCUMENTS, how many changes each holds
 * that the server has not confirmed, and which to delete when their user signs out. No Yjs
 * here: the session code (in the main bundle) reads it without loading the editor.
 */

/**
 * Recommendations kept on this device per browser. Opening one more deletes the copy used
 * longest ago among those with nothing unsent (a copy holding unsent changes is never deleted).
 */
export const MAX_LOCAL_DOCUMENTS = 50;

const INDEX_KEY = "accord:local-documents";

export interface IndexEntry {
  /** The IndexedDB database's name: localDocumentName(user, recommendation). */
  name: string;
  usedAt: number;
  /** Changes the server has not confirmed stored. */
  unsent: number;
}

/** One IndexedDB database per user and recommendation: another account in this browser never sends them as its own. */
export function localDocumentName(userId: string, recommendationId: string): string {
  return `accord:${userId}:${recommendationId}`;
}

function userPrefix(userId: string): string {
  return `accord:${userId}:`;
}

export function readIndex(): IndexEntry[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(INDEX_KEY) ?? "[]");
    if (!Array.isArray(parsed)) return [];
    return (
      parsed
        .filter(
          (entry): entry is { name: string; usedAt: number; unsent: unknown } =>
            typeof entry?.name === "string" && typeof entry?.usedAt === "number",
        )
        // An index written before the count was kept said only whether something was unsent.
        .map((entry) => ({
          name: entry.name,
          usedAt: entry.usedAt,
          unsent: typeof entry.unsent === "number" ? entry.unsent : entry.unsent === true ? 1 : 0,
        }))
    );
  } catch {
    return [];
  }
}

/**
 * The index after `name` was used now with `unsent` changes: at most `limit` entries, those
 * used longest ago with nothing unsent dropped first (their copies are to be deleted). A copy
 * holding unsent changes is never dropped, nor the one just used, even past the limit.
 */
export function indexAfterUse(
  index: readonly IndexEntry[],
  name: string,
  unsent: number,
  now: number,
  limit = MAX_LOCAL_DOCUMENTS,
): { index: IndexEntry[]; evicted: string[] } {
  const next = index.filter((entry) => entry.name !== name);
  next.push({ name, usedAt: now, unsent });
  next.sort((a, b) => a.usedAt - b.usedAt);
  const evicted: string[] = [];
  while (next.length > limit) {
    const oldest = next.findIndex((entry) => entry.unsent === 0 && entry.name !== name);
    if (oldest < 0) break;
    evicted.push(next.splice(oldest, 1)[0]!.name);
  }
  return { index: next, evicted };
}

/**
 * Records that `name` is in use with `unsent` changes (as the index last said when absent: a
 * copy just opened has not read its own count yet), deleting the copies MAX_LOCAL_DOCUMENTS
 * leaves no room for.
 */
export function rememberLocalDocument(name: string, unsent?: number): void {
  const current = readIndex();
  const count = unsent ?? current.find((entry) => entry.name === name)?.unsent ?? 0;
  const { index, evicted } = indexAfterUse(current, name, count, Date.now());
  for (const evictedName of evicted) void deleteDatabase(evictedName);
  writeIndex(index);
}

export function forgetLocalDocument(name: string): void {
  writeIndex(readIndex().filter((entry) => entry.name !== name));
}

/** Changes kept on this device for `userId` that the server has not confirmed stored. */
export function unsentChangesOf(userId: string): number {
  return readIndex()
    .filter((entry) => entry.name.startsWith(userPrefix(userId)))
    .reduce((sum, entry) => sum + entry.unsent, 0);
}

/**
 * Deletes every local copy of `userId`'s recommendations and their index entries (an explicit
 * sign-out: the next person at this computer must not read them). A copy still open in an
 * editor is deleted once the editor closes it, which signing out does.
 */
export async function deleteLocalDocumentsOf(userId: string): Promise<void> {
  const prefix = userPrefix(userId);
  const names = new Set(
    readIndex()
      .filter((entry) => entry.name.startsWith(prefix))
      .map((entry) => entry.name),
  );
  // Copies the index lost track of (localStorage cleared alone) are found by name.
  const listed = await indexedDB.databases?.().catch(() => []);
  for (const database of listed ?? []) if (database.name?.startsWith(prefix)) names.add(database.name);
  writeIndex(readIndex().filter((entry) => !entry.name.startsWith(prefix)));
  await Promise.all([...names].map(deleteDatabase));
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    // Blocked while an editor still has it open: it completes once that closes it.
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
  });
}

function writeIndex(index: IndexEntry[]): void {
  try {
    localStorage.setItem(INDEX_KEY, JSON.stringify(index));
  } catch {
    // Storage full or blocked: the copies stay, and are found by name at sign-out.
  }
}
