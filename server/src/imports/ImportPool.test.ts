import { DEFAULT_IMPORT_LIMITS } from "@accord/evidence";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../../../test/helpers/eventually.js";
import { createLogger } from "../logger.js";
import { ImportPool } from "./ImportPool.js";

/**
 * ImportPool's R1 and R2, with the real worker program reading through a fixture that holds
 * memory on purpose (testing/memoryWorker.ts): a report's title is the process id of the worker
 * that read it.
 */
describe("import workers are replaced only when they hold on to memory", () => {
  let pool: ImportPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  function readWith(title: string): Promise<string> {
    pool ??= new ImportPool({
      size: 1,
      timeoutMs: 20_000,
      maxHeapMb: 512,
      maxQueued: 8,
      limits: DEFAULT_IMPORT_LIMITS,
      logger: createLogger("warn"),
      workerEntry: new URL("./testing/memoryWorker.ts", import.meta.url),
    });
    return pool
      .read({
        kind: "content",
        title,
        format: "text",
        content: "Findings\n\nA paragraph of our own, about ports and tariffs.\n",
      })
      .then((report) => report.title);
  }

  const gone = (pid: string) => () => {
    try {
      process.kill(Number(pid), 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "ESRCH";
    }
  };

  it("[R1] a worker that made 48 MB of garbage reads the next import; one that retains 48 MB is replaced after its answer", async () => {
    const first = await readWith("retain 0");
    expect(await readWith("churn 48")).toBe(first);
    expect(await readWith("churn 48")).toBe(first);
    expect(await readWith("retain 48")).toBe(first);
    const next = await readWith("retain 0");
    expect(next).not.toBe(first);
    await eventually(gone(first));
    // Retaining less than the bound, over imports, adds up to it.
    expect(await readWith("retain 20")).toBe(next);
    expect(await readWith("retain 20")).toBe(next);
    expect(await readWith("retain 0")).not.toBe(next);
  });

  it("[R2] a worker whose resident memory grew by 200 MB is replaced, though that memory is garbage", async () => {
    const first = await readWith("retain 0");
    expect(await readWith("churn 200")).toBe(first);
    expect(await readWith("retain 0")).not.toBe(first);
    await eventually(gone(first));
  });
});
