import { importText } from "@accord/evidence";
import { runImportWorker as runRealWorker, type ImportWorkerOptions } from "../importWorker.js";

/** Alive for the worker's life: what `retain N` keeps. */
const retained: number[][] = [];
const MB = 1024 * 1024;
/** Numbers in a block of one MB (8 bytes each, filled so that every page is really used). */
const block = () => new Array<number>(MB / 8).fill(0.5);

/**
 * An import worker for ImportPool's tests of R1 and R2: the real worker program, whose reading
 * of a text import is told by its title what to do to memory — `retain N` keeps N MB for the
 * worker's life, `churn N` holds N MB until it answers, garbage after. Each report's title is
 * the worker's process id, so a test tells a reused worker from a fresh one.
 */
export function runImportWorker({ pdfjs }: Pick<ImportWorkerOptions, "pdfjs">): void {
  runRealWorker({
    pdfjs,
    read: async ({ job }) => {
      if (job.kind !== "content") throw new Error("memoryWorker reads text imports only");
      const [verb, size = "0"] = job.title.split(" ");
      const blocks = Array.from({ length: Number(size) }, block);
      if (verb === "retain") retained.push(...blocks);
      const report = importText(job.content, String(process.pid));
      // The churned blocks stay alive until the answer has been measured.
      await new Promise((resolve) => setImmediate(resolve, blocks.length));
      return report;
    },
  });
}
