import { afterEach, describe, expect, it } from "vitest";
import type { ClaimCheckAnswer, ClaimCheckRequest } from "../claims/claimWorker.js";
import { createLogger } from "../logger.js";
import { WorkerPool } from "./WorkerPool.js";

describe("WorkerPool.warm", () => {
  const pools: Array<WorkerPool<ClaimCheckRequest, ClaimCheckAnswer>> = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
  });

  function claimWorkers(size: number) {
    const pool = new WorkerPool<ClaimCheckRequest, ClaimCheckAnswer>({
      entry: new URL("../claims/claimWorker.ts", import.meta.url),
      what: "claim check",
      size,
      logger: createLogger("silent"),
    });
    pools.push(pool);
    return pool;
  }

  it("starts one worker before any job, once however often it is called, and the first job runs on it", async () => {
    const pool = claimWorkers(2);
    expect(pool.startedWorkers).toBe(0);
    pool.warm();
    pool.warm();
    expect(pool.startedWorkers).toBe(1);
    const answer = await pool.run((ask) =>
      ask({
        type: "check",
        briefId: "brief-warm",
        reportSignature: null,
        maxCachedIndexes: 1,
        body: [
          [
            { text: "Mexican exports to the United States reached $614 billion." },
            { cite: { evidenceId: "ev-1", citationId: null } },
          ],
        ],
        passages: [["ev-1", "Mexican exports to the United States were $614.5 billion that year."]],
        citationEvidence: [],
      }),
    );
    expect(answer.type).toBe("checked");
    expect(answer.type === "checked" && answer.findings.map((f) => [f.kind, f.figure.raw])).toEqual([
      ["mismatch", "$614 billion"],
    ]);
    expect(pool.startedWorkers).toBe(1);
  });

  it("starts nothing once the pool is closed", async () => {
    const pool = claimWorkers(1);
    await pool.close();
    pool.warm();
    expect(pool.startedWorkers).toBe(0);
  });
});
