import { ImportInProgressError } from "./errors.js";

/**
 * One import per brief at a time. A second one would compete for the same worker queue and
 * write a second copy of whatever the lead uploaded twice; it answers 409 instead, before its
 * body is read. Claimed after the caller is known to be a lead, released when the import has
 * been stored or refused. In memory: it guards this process's workers.
 */
export class BriefImports {
  private readonly importing = new Set<string>();

  /** Claims the brief's import; call the returned function once done. */
  claim(briefId: string): () => void {
    if (this.importing.has(briefId)) throw new ImportInProgressError();
    this.importing.add(briefId);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.importing.delete(briefId);
    };
  }
}
