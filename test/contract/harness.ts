import type { Brief, Recommendation, Sector, User } from "@accord/domain";
import { afterEach } from "vitest";
import type { Store } from "../../server/src/store/Store.js";

export interface OpenOptions {
  /** Forces small snapshot chunks so a test can store a snapshot in many pieces. */
  snapshotChunkBytes?: number;
}

/**
 * What each contract test gets: `open` opens the storage of the current test
 * (opening it again reopens the same data); every store opened is closed by the
 * suite after the test.
 */
export interface ContractHarness<T = Store> {
  open(options?: OpenOptions): Promise<T>;
}

/**
 * A harness over an adapter's `open`, for use inside a suite's `describe`: after each test it
 * closes everything the test opened, then calls `cleanup` (which removes the test's storage).
 */
export function openEach<T extends { close(): Promise<void> }>(
  open: (options?: OpenOptions) => Promise<T>,
  cleanup: () => Promise<void>,
): ContractHarness<T> {
  const opened: T[] = [];
  afterEach(async () => {
    try {
      for (const item of opened.splice(0)) await item.close();
    } finally {
      await cleanup();
    }
  });
  return {
    async open(options) {
      const item = await open(options);
      opened.push(item);
      return item;
    },
  };
}

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export async function buildUser(store: Store, overrides: { name?: string; email?: string } = {}): Promise<User> {
  const name = overrides.name ?? "Ada Lovelace";
  const email = overrides.email ?? `${name.toLowerCase().replace(/\W+/g, ".")}.${nextSuffix()}@example.org`;
  return store.createUser({ email, name, passwordHash: `hash-of-${name}` });
}

export async function buildBrief(
  store: Store,
  createdBy: string,
  title = "Industrial decarbonisation",
): Promise<Brief> {
  return store.createBrief({ title, description: `About ${title}.`, createdBy });
}

export async function buildSector(store: Store, briefId: string, name: string): Promise<Sector> {
  return store.createSector({ briefId, name, description: `The ${name} sector.` });
}

export async function buildRecommendation(
  store: Store,
  sector: Sector,
  ownerId: string,
  title: string,
): Promise<Recommendation> {
  return store.createRecommendation({ briefId: sector.briefId, sectorId: sector.id, title, ownerId });
}

/**
 * Ada's brief with her recommendation "Price carbon" (in its Energy sector), a second brief of
 * hers with a recommendation of its own, and Bob, a member of neither yet: the start of each
 * suite that checks a store keeps what it holds to one recommendation or brief.
 */
export async function buildTwoBriefs(store: Store) {
  const ada = await buildUser(store, { name: "Ada" });
  const bob = await buildUser(store, { name: "Bob" });
  const brief = await buildBrief(store, ada.id);
  const otherBrief = await buildBrief(store, ada.id, "Elsewhere");
  const sector = await buildSector(store, brief.id, "Energy");
  const rec = await buildRecommendation(store, sector, ada.id, "Price carbon");
  const otherSector = await buildSector(store, otherBrief.id, "Water");
  const elsewhere = await buildRecommendation(store, otherSector, ada.id, "Meter water");
  return { ada, bob, brief, otherBrief, sector, rec, elsewhere };
}

let suffix = 0;
function nextSuffix(): number {
  suffix += 1;
  return suffix;
}
