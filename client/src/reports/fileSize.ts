const KB = 1024;
const MB = 1024 * 1024;

/**
 * A size as people read it: "820 bytes", "340 KB", "1.2 MB". Units of 1,024, as the import
 * limit ("up to 25 MB") is counted; tenths of a megabyte so a moving upload visibly moves.
 */
export function formatFileSize(bytes: number): string {
  const size = Math.max(0, Math.round(bytes));
  if (size < KB) return size === 1 ? "1 byte" : `${size} bytes`;
  if (size < MB) return `${Math.min(1023, Math.round(size / KB))} KB`;
  const megabytes = size / MB;
  return `${megabytes >= 100 ? Math.round(megabytes) : megabytes.toFixed(1)} MB`;
}

/**
 * The file's own bytes sent, from an upload progress event: the request also carries the
 * multipart envelope (a few hundred bytes), so the event's total is a little more than the file.
 */
export function fileBytesSent(loaded: number, total: number | null, fileSize: number): number {
  if (total === null || total <= 0) return Math.min(loaded, fileSize);
  return Math.min(fileSize, Math.round((loaded / total) * fileSize));
}
