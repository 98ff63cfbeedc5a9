import type { Request } from "express";
import { TooLargeError, UnsupportedTypeError, ValidationError } from "../errors.js";

/** Bytes of the body's start kept to name the field of a body that is too large. */
const SNIFF_BYTES = 512;

export interface JsonBodyOptions {
  /** Bytes the whole JSON body may have; past it the answer is 413 naming a field. */
  limitBytes: number;
  /**
   * The body's fields that can make it large, in the order to blame them. A body past the
   * limit is never parsed: the field named is the first of these whose key appears in its
   * first bytes, else the first of them.
   */
  largeFields: readonly [string, ...string[]];
  /** What the 413 says is too large ("A pasted bibliography"). */
  what: string;
  /** The limit the user is told (the field's own limit, not the JSON body's). */
  shownLimitBytes: number;
}

/**
 * Reads a JSON body for a route whose body may be large (a pasted bibliography, a CSL style),
 * instead of the app's 1 MB parser: it answers 413 naming the field (express.json's 413 names
 * none), and it runs after the route checked the caller, so nobody without the right uploads a
 * megabyte to be refused. The app's parser skips these routes (app.ts).
 */
export async function readJsonBody(req: Request, options: JsonBodyOptions): Promise<unknown> {
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type)) throw new UnsupportedTypeError("Send the body as application/json.");
  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding !== "identity") throw new UnsupportedTypeError("Send the body without a content encoding.");

  const chunks: Buffer[] = [];
  let total = 0;
  let sniffed = Buffer.alloc(0);
  const tooLarge = () => {
    const field = nameField(sniffed.toString("utf8"), options.largeFields);
    const mib = options.shownLimitBytes / (1024 * 1024);
    const shown = mib >= 1 ? `${Math.round(mib * 10) / 10} MiB` : `${Math.round(options.shownLimitBytes / 1024)} KiB`;
    return new TooLargeError(`${options.what} may be at most ${shown}.`, field);
  };
  const declared = Number(req.headers["content-length"]);

  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      // The rest is read and dropped, so the client finishes sending and reads the answer.
      req.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      if (sniffed.length < SNIFF_BYTES)
        sniffed = Buffer.concat([sniffed, chunk.subarray(0, SNIFF_BYTES - sniffed.length)]);
      total += chunk.length;
      if (total > options.limitBytes) return fail(tooLarge());
      chunks.push(chunk);
    };
    const onEnd = () => resolve();
    const onError = (error: Error) => reject(error);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    // A declared length past the limit is refused on the first bytes (they name the field).
    if (Number.isFinite(declared) && declared > options.limitBytes) {
      req.once("data", () => {
        if (total <= options.limitBytes) fail(tooLarge());
      });
    }
  });

  const text = Buffer.concat(chunks, total).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError("The request body is not valid JSON.");
  }
}

/** The first large field whose key appears earliest in the body's start; else the first one. */
function nameField(start: string, fields: readonly [string, ...string[]]): string {
  let best: { field: string; at: number } | null = null;
  for (const field of fields) {
    const at = start.indexOf(JSON.stringify(field));
    if (at >= 0 && (best === null || at < best.at)) best = { field, at };
  }
  return best?.field ?? fields[0];
}

/** UTF-8 bytes of a string, for the limits that name bytes. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
