import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { COLLAB_PATH_PREFIX } from "@accord/protocol";

/**
 * SPEC P1: the document name is the URL path after `/collab/`, URL-decoded (the query
 * string is not part of it). Null when there is no name or it does not decode.
 */
export function parseDocName(url: string | undefined): string | null {
  const pathname = (url ?? "").split("?")[0] ?? "";
  if (!pathname.startsWith(COLLAB_PATH_PREFIX)) return null;
  const encoded = pathname.slice(COLLAB_PATH_PREFIX.length);
  if (encoded === "") return null;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null; // a malformed %-escape
  }
}

/**
 * SPEC P2: refuses an upgrade with a plain HTTP response, before any WebSocket exists,
 * so that clients (and browsers' devtools) see the real status.
 */
export function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}`,
    "Connection: close",
    "Content-Type: text/plain; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(message)}`,
  ];
  // Destroy only once the response is out: ending and destroying at once can cut it off.
  socket.once("finish", () => socket.destroy());
  socket.end(`${head.join("\r\n")}\r\n\r\n${message}`);
}
