import { type Leases, LocalLeases, leaseName } from "../cluster/Leases.js";
import { ImportInProgressError, ImportsBusyError } from "./errors.js";

/**
 * One import per brief at a time. A second one would compete for the same worker queue and
 * write a second copy of whatever the lead uploaded twice; it answers 409 instead, before its
 * body is read. Claimed after the caller is known to be a lead, held until the import has been
 * stored or refused. Held as a lease (`accord:lease:import:<brief>`): with several processes,
 * in Redis, so that two uploads sent to two processes cannot both pass the duplicate check.
 */
export class BriefImports {
  constructor(private readonly leases: Leases = new LocalLeases()) {}

  /**
   * Runs `work` holding the brief's import claim: ImportInProgressError if an import holds it
   * anywhere, ImportsBusyError (503, try again) if the claim cannot be checked (Redis is lost).
   */
  async run<T>(briefId: string, work: () => Promise<T>): Promise<T> {
    const outcome = await this.leases.run(leaseName.reportImport(briefId), work);
    if (outcome.ran) return outcome.value;
    if (outcome.reason === "held") throw new ImportInProgressError();
    throw new ImportsBusyError(
      "file: imports cannot start while the servers reconnect to each other; try again shortly.",
    );
  }
}
