/**
 * Polls `check` until it stops throwing (or returns a truthy value), or the time runs out;
 * then rethrows the last failure so the test says what was still wrong.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 5_000, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = new Error("eventually: the check never ran");
  for (;;) {
    try {
      const result = await check();
      if (result !== false) return result;
      lastError = new Error("eventually: the check returned false");
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) throw lastError;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
