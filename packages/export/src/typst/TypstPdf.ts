import fs from "node:fs";
import path from "node:path";
import { NodeCompiler } from "@myriaddreamin/typst-ts-node-compiler";
import type { BriefExport } from "../model.js";
import { briefData } from "./briefData.js";
import { readBriefFonts } from "./briefFonts.js";

export interface TypstPdfOptions {
  /**
   * PDFs one compiler makes before it is dropped for a fresh one (≈70 ms to create with its
   * fonts), so whatever its world holds on to cannot grow for the life of an export worker.
   * @default 100
   */
  rendersPerCompiler?: number;
}

/** The folder holding brief.typ and nothing else: the compiler's whole file system. */
export const TEMPLATE_ROOT = path.join(import.meta.dirname, "template");
/**
 * After each PDF, Typst's memoized results are all dropped. Its cache is process-wide and
 * grows with every distinct brief (a 56-page brief: rss 280 → 630 MB over five exports with
 * an age of 3, flat at ~345 MB with 0), and two briefs share almost nothing worth keeping: the
 * next export measured no slower without it.
 */
const CACHE_MAX_AGE = 0;

/**
 * Typesets briefs with Typst (template/brief.typ). Creating a compiler indexes the system's
 * and the brief's fonts (≈70 ms here, against ≈10 ms for a one-page PDF): one is kept and
 * reused, and replaced every `rendersPerCompiler` PDFs. Typst compiles synchronously on the
 * calling thread, so use one TypstPdf per thread (each export worker has its own).
 *
 * The compiler's root is template/: a path in Typst code resolves inside it (`/etc/passwd` is
 * template/etc/passwd) and `..` out of it is refused. Only brief.typ's own code runs anyway:
 * the brief comes in as data (`sys.inputs`), never as source.
 */
export class TypstPdf {
  readonly #rendersPerCompiler: number;
  #template: string | null = null;
  #fonts: Buffer[] | null = null;
  #compiler: NodeCompiler | null = null;
  #renders = 0;
  #compilersCreated = 0;

  constructor(options: TypstPdfOptions = {}) {
    this.#rendersPerCompiler = options.rendersPerCompiler ?? 100;
  }

  /** How many compilers this TypstPdf has made so far (one per `rendersPerCompiler` PDFs). */
  get compilersCreated(): number {
    return this.#compilersCreated;
  }

  render(model: BriefExport): Buffer {
    const inputs = { brief: JSON.stringify(briefData(model)) };
    const compiler = this.#currentCompiler();
    try {
      return compiler.pdf({ mainFileContent: this.#template!, inputs }, { pdfTags: true });
    } catch (error) {
      throw new Error(`Typst could not typeset the brief: ${describe(error)}`, { cause: error });
    } finally {
      compiler.evictCache(CACHE_MAX_AGE);
      if (++this.#renders >= this.#rendersPerCompiler) this.#compiler = null;
    }
  }

  #currentCompiler(): NodeCompiler {
    if (this.#compiler) return this.#compiler;
    this.#template ??= fs.readFileSync(path.join(TEMPLATE_ROOT, "brief.typ"), "utf8");
    this.#fonts ??= readBriefFonts();
    this.#compiler = NodeCompiler.create({ workspace: TEMPLATE_ROOT, fontArgs: [{ fontBlobs: this.#fonts }] });
    this.#renders = 0;
    this.#compilersCreated++;
    return this.#compiler;
  }
}

/** The compiler's errors carry their diagnostics in `code` (the message is empty). */
function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return typeof code === "string" && code !== "" ? code : error.message;
  }
  return String(error);
}
