/**
 * A clock for `createdAt`/`updatedAt` that never returns the same instant twice
 * (nor goes back when the wall clock does): two writes in the same millisecond
 * still get distinct, ordered timestamps, so "sorted by updatedAt" means "in the
 * order of the writes" within one store. One clock per store instance, never a
 * module-level one.
 */
export function createClock(now: () => number = Date.now): () => string {
  let last = 0;
  return () => {
    last = Math.max(now(), last + 1);
    return new Date(last).toISOString();
  };
}
