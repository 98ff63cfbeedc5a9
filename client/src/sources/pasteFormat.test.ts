import { describe, expect, it } from "vitest";
import { detectPasteFormat, formatBytes, utf8Bytes } from "./pasteFormat";

describe("pasteFormat", () => {
  it("tells BibTeX from RIS by how they open", () => {
    expect(detectPasteFormat("\n  @article{okafor2023,\n title={Silt}}")).toBe("bibtex");
    expect(detectPasteFormat("TY  - JOUR\nTI  - Silt\nER  - ")).toBe("ris");
    expect(detectPasteFormat("Okafor, N. (2023). Silt.")).toBeNull();
  });

  it("counts what the server counts", () => {
    expect(utf8Bytes("é")).toBe(2);
    expect(formatBytes(1024 * 1024 + 200 * 1024)).toBe("1.2 MB");
    expect(formatBytes(1024 * 1024)).toBe("1 MB");
    expect(formatBytes(2048)).toBe("2 KB");
    expect(formatBytes(1)).toBe("1 byte");
  });
});
