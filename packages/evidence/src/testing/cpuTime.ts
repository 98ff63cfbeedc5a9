/**
 * CPU time for the linear-time suites. Each sample starts from a collected heap, so one sample
 * does not pay for the garbage the one before it left, and the least of the samples is kept:
 * other processes and the collector's helper threads only ever add time, and a quadratic step
 * cannot hide in the quickest run. (Medians of five, without the collection, read a linear
 * parser as 1.5–2.4 times slower per byte at 16× the size from one CI run to the next.)
 * Needs `--expose-gc`, which vitest.config.ts passes to its workers.
 */
export async function cpuTimeOf(run: () => unknown, samples = 5): Promise<number> {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error("cpuTimeOf needs node's --expose-gc (vitest.config.ts passes it to the test workers)");
  let best = Infinity;
  for (let i = 0; i < samples; i++) {
    collect();
    const start = process.cpuUsage();
    await run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/**
 * A growth ratio measured again while it is over its bound, at most `tries` times: every
 * measurement of a quadratic step is over (8× at 8× the size), while a collector's pause or a
 * neighbour's burst that lifts one measurement of linear work over the bound does not come
 * back three times running. Returns every ratio measured, the last within the bound if any was.
 */
export async function ratiosUntilWithin(measure: () => Promise<number>, bound: number, tries = 3): Promise<number[]> {
  const ratios: number[] = [];
  do ratios.push(await measure());
  while (ratios.at(-1)! > bound && ratios.length < tries);
  return ratios;
}
