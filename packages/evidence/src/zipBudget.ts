import { inflateRawSync } from "node:zlib";
import { ImportError } from "./errors.js";
import { formatBytes } from "./limits.js";

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

const damaged = (): ImportError =>
  new ImportError("invalid_file", "The Word document could not be read; it may be damaged.");

/**
 * Guards the zip inside a .docx before mammoth (through JSZip) inflates it whole in memory:
 * a 1 MB file can inflate to gigabytes. First the sizes the zip's central directory declares
 * are added up, before anything is inflated; then each entry is inflated here with its declared
 * size as a hard cap (zlib's `maxOutputLength`), one at a time and thrown away, so an entry that
 * lies about its size is caught while inflating, not after. What passes both can be handed to
 * JSZip, which then inflates no more than was declared.
 */
export function checkZipBudget(bytes: Uint8Array, maxInflatedBytes: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfDirectory(view);
  if (end < 0) throw damaged();
  const entryCount = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  // ZIP64 marks: a Word document never needs them, and their sizes are past any budget here.
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    throw new ImportError(
      "too_large",
      `The Word document is a ZIP64 archive; it may inflate to at most ${formatBytes(maxInflatedBytes)}.`,
    );
  }
  if (directoryOffset + directorySize > end) throw damaged();

  const entries: Array<{ method: number; compressed: number; size: number; localOffset: number }> = [];
  let total = 0;
  let at = directoryOffset;
  for (let n = 0; n < entryCount; n++) {
    if (at + 46 > end || view.getUint32(at, true) !== DIRECTORY_ENTRY) throw damaged();
    const entry = {
      method: view.getUint16(at + 10, true),
      compressed: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    };
    total += entry.size;
    if (total > maxInflatedBytes || entry.size === 0xffffffff) {
      throw new ImportError(
        "too_large",
        `The Word document inflates to more than ${formatBytes(maxInflatedBytes)}; a Word file may inflate to at most that.`,
      );
    }
    entries.push(entry);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }

  for (const entry of entries) {
    const local = entry.localOffset;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL_HEADER) throw damaged();
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + entry.compressed > bytes.length) throw damaged();
    if (entry.method === STORED) {
      if (entry.compressed !== entry.size) throw damaged();
      continue;
    }
    if (entry.method !== DEFLATED) throw damaged();
    try {
      // One byte over the declared size is enough to know it lied.
      inflateRawSync(bytes.subarray(start, start + entry.compressed), { maxOutputLength: entry.size + 1 });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw new ImportError(
          "too_large",
          "The Word document inflates to more than its zip directory declares; it was refused unread.",
        );
      }
      throw damaged();
    }
  }
}

/** The end-of-central-directory record: in the last 22 bytes plus at most a 64 KiB comment. */
function findEndOfDirectory(view: DataView): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) return at;
  }
  return -1;
}
