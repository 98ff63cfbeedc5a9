import { CloseCode } from "@accord/protocol";
import { WebSocket } from "ws";

/** The close code ws itself uses when a frame exceeds `maxPayload`. */
const WS_MESSAGE_TOO_BIG = 1009;

/**
 * The WebSocket class our WebSocketServer creates (ws's documented `WebSocket` option).
 *
 * SPEC P7: ws enforces `maxPayload` while reading a frame's header — the payload is
 * never buffered nor handed to us — and then closes with 1009 by itself, before it
 * tells anyone. We want the protocol's named code instead, because y-websocket treats
 * 4400–4499 as final but reconnects after 1009, and would then send the same oversized
 * state again, forever. ws closes with 1009 for nothing else (per-message deflate,
 * its only other source, is off), and Accord never sends 1009 itself, so the mapping
 * is exact.
 */
export class CollabSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    super.close(code === WS_MESSAGE_TOO_BIG ? CloseCode.FrameTooLarge : code, data);
  }
}
