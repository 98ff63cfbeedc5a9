import { Readable } from "node:stream";
import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { TooLargeError, UnsupportedTypeError, ValidationError } from "../errors.js";
import { readJsonBody } from "./jsonBody.js";

/** A request as Express hands it over: a readable stream with headers. */
function request(chunks: string[], headers: Record<string, string> = { "content-type": "application/json" }): Request {
  const stream = Readable.from(
    chunks.map((chunk) => Buffer.from(chunk)),
    { objectMode: false },
  );
  return Object.assign(stream, { headers }) as unknown as Request;
}

const options = {
  limitBytes: 64,
  largeFields: ["bibtex", "ris"] as const,
  what: "A paste",
  shownLimitBytes: 32,
} as const;

describe("readJsonBody", () => {
  it("parses a body within the limit, and an empty body as {}", async () => {
    expect(
      await readJsonBody(request(['{"ris":', '"TY  - RPRT"}']), { ...options, largeFields: ["bibtex", "ris"] }),
    ).toEqual({ ris: "TY  - RPRT" });
    expect(await readJsonBody(request([]), { ...options, largeFields: ["bibtex"] })).toEqual({});
  });

  it("answers 413 naming the large field the body starts with, and the first one when it names none", async () => {
    const ris = readJsonBody(request(['{"ris":"', "x".repeat(100), '"}']), {
      ...options,
      largeFields: ["bibtex", "ris"],
    });
    await expect(ris).rejects.toBeInstanceOf(TooLargeError);
    await expect(ris).rejects.toMatchObject({ status: 413, field: "ris" });
    const unnamed = readJsonBody(request(["[", "1,".repeat(60), "1]"]), { ...options, largeFields: ["bibtex", "ris"] });
    await expect(unnamed).rejects.toMatchObject({ status: 413, field: "bibtex" });
  });

  it("refuses a declared length past the limit on its first bytes", async () => {
    const declared = readJsonBody(
      request(['{"bibtex":"@book{'], { "content-type": "application/json", "content-length": "5000000" }),
      {
        ...options,
        largeFields: ["bibtex", "ris"],
      },
    );
    await expect(declared).rejects.toMatchObject({ status: 413, field: "bibtex" });
  });

  it("answers 400 for malformed JSON and 415 for another content type or an encoding", async () => {
    await expect(readJsonBody(request(["{not json"]), { ...options, largeFields: ["ris"] })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      readJsonBody(request(["ris"], { "content-type": "text/plain" }), { ...options, largeFields: ["ris"] }),
    ).rejects.toBeInstanceOf(UnsupportedTypeError);
    await expect(
      readJsonBody(request(["{}"], { "content-type": "application/json", "content-encoding": "gzip" }), {
        ...options,
        largeFields: ["ris"],
      }),
    ).rejects.toBeInstanceOf(UnsupportedTypeError);
  });
});
