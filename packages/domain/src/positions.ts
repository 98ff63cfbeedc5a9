/**
 * Where a sector or recommendation appended after the others goes: one past the highest
 * position among `positions` (0 when there are none). Not their count: after a deletion leaves
 * a gap the count can name a position already taken, and two appends in a row would share it.
 *
 * The one formula for "goes last": the move command uses it (a recommendation moved to another
 * sector without a place), and each store adapter uses it inside the write that creates a
 * sector or recommendation, where reading the last position and inserting after it must be
 * one atomic step for concurrent creations to get distinct places.
 */
export function positionAfter(positions: Iterable<number>): number {
  let highest: number | null = null;
  for (const position of positions) highest = highest === null ? position : Math.max(highest, position);
  return highest === null ? 0 : highest + 1;
}
