import { describe, expect, it } from "vitest";
import { fileBytesSent, formatFileSize } from "./fileSize";

describe("file sizes as people read them", () => {
  it("bytes, kilobytes, tenths of megabytes", () => {
    expect(formatFileSize(0)).toBe("0 bytes");
    expect(formatFileSize(1)).toBe("1 byte");
    expect(formatFileSize(820)).toBe("820 bytes");
    expect(formatFileSize(340 * 1024)).toBe("340 KB");
    expect(formatFileSize(1024 * 1024 - 1)).toBe("1023 KB");
    expect(formatFileSize(1.2 * 1024 * 1024)).toBe("1.2 MB");
    expect(formatFileSize(4.84 * 1024 * 1024)).toBe("4.8 MB");
    expect(formatFileSize(25 * 1024 * 1024)).toBe("25.0 MB");
    expect(formatFileSize(150 * 1024 * 1024)).toBe("150 MB");
  });

  it("the file's share of a multipart upload, never past the file's size", () => {
    expect(fileBytesSent(0, 5_000_300, 5_000_000)).toBe(0);
    expect(fileBytesSent(2_500_150, 5_000_300, 5_000_000)).toBe(2_500_000);
    expect(fileBytesSent(5_000_300, 5_000_300, 5_000_000)).toBe(5_000_000);
    expect(fileBytesSent(7_000, null, 5_000)).toBe(5_000);
  });
});
