import { randomBytes } from "node:crypto";
import net from "node:net";

/**
 * A document-socket client written on a bare TCP socket, for the attacker that stops reading:
 * `ws` would read (and buffer) whatever arrives, and pausing its socket hides the close
 * frame. This one does the WebSocket handshake itself, can stop reading for as long as it
 * likes, and, once it reads again, skips frame payloads without keeping them, so that what a
 * server queued for it costs the test nothing but the time to read it.
 */

export type RawOutcome =
  | { kind: "close-frame"; code: number | null; bytesRead: number }
  | { kind: "tcp-closed"; error: string | null; bytesRead: number };

export interface RawSocket {
  /** Sends one binary frame (masked, as a client must). */
  send(payload: Uint8Array): void;
  /** Stops reading: the server's answers pile up in its buffers, then in the kernel's. */
  pause(): void;
  /** Reads again (discarding payloads); `closed` settles once a close frame or the TCP end is read. */
  resume(): void;
  /** Bytes of frames read so far (headers and payloads). */
  bytesRead(): number;
  /** The first close frame read, or the TCP connection ending, whichever comes first. */
  closed: Promise<RawOutcome>;
  destroy(): void;
}

/** Opens `ws://host:port${path}` with the cookie; resolves once the server answered 101. */
export function openRawSocket(baseUrl: string, path: string, cookie: string): Promise<RawSocket> {
  const url = new URL(baseUrl);
  const socket = net.connect({ host: url.hostname, port: Number(url.port) });
  const key = randomBytes(16).toString("base64");
  let resolveClosed!: (outcome: RawOutcome) => void;
  const closed = new Promise<RawOutcome>((resolve) => (resolveClosed = resolve));

  // Frame reader state: header bytes being collected, then payload bytes to skip.
  let header = Buffer.alloc(0);
  let skipping = 0;
  let closePayload: Buffer | null = null;
  let frameBytes = 0;
  const onFrameData = (chunk: Buffer) => {
    let offset = 0;
    frameBytes += chunk.length;
    while (offset < chunk.length) {
      if (skipping > 0) {
        const take = Math.min(skipping, chunk.length - offset);
        if (closePayload) closePayload = Buffer.concat([closePayload, chunk.subarray(offset, offset + take)]);
        skipping -= take;
        offset += take;
        if (skipping === 0 && closePayload) finishClose(closePayload);
        continue;
      }
      header = Buffer.concat([header, chunk.subarray(offset, offset + 1)]);
      offset += 1;
      const parsed = parseHeader(header);
      if (!parsed) continue;
      header = Buffer.alloc(0);
      if (parsed.opcode === 0x8) {
        closePayload = Buffer.alloc(0);
        if (parsed.length === 0) finishClose(closePayload);
      }
      skipping = parsed.length;
    }
  };
  const finishClose = (payload: Buffer) => {
    closePayload = null;
    resolveClosed({
      kind: "close-frame",
      code: payload.length >= 2 ? payload.readUInt16BE(0) : null,
      bytesRead: frameBytes,
    });
  };
  socket.on("close", () => resolveClosed({ kind: "tcp-closed", error: null, bytesRead: frameBytes }));
  socket.on("error", (error) => resolveClosed({ kind: "tcp-closed", error: error.message, bytesRead: frameBytes }));

  return new Promise((resolve, reject) => {
    let response = Buffer.alloc(0);
    const onHandshake = (chunk: Buffer) => {
      response = Buffer.concat([response, chunk]);
      const end = response.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.off("data", onHandshake);
      const status = response.subarray(0, response.indexOf("\r\n")).toString();
      if (!status.startsWith("HTTP/1.1 101")) {
        socket.destroy();
        reject(new Error(`upgrade refused: ${status}`));
        return;
      }
      socket.on("data", onFrameData);
      const rest = response.subarray(end + 4);
      if (rest.length > 0) onFrameData(rest);
      resolve({
        send(payload) {
          socket.write(maskedFrame(payload));
        },
        pause: () => socket.pause(),
        resume: () => socket.resume(),
        bytesRead: () => frameBytes,
        closed,
        destroy: () => socket.destroy(),
      });
    };
    socket.on("data", onHandshake);
    socket.once("error", reject);
    socket.write(
      [
        `GET ${path} HTTP/1.1`,
        `Host: ${url.host}`,
        "Upgrade: websocket",
        "Connection: Upgrade",
        `Sec-WebSocket-Key: ${key}`,
        "Sec-WebSocket-Version: 13",
        `Cookie: ${cookie}`,
        "",
        "",
      ].join("\r\n"),
    );
  });
}

/** The opcode and payload length once `header` holds a whole frame header, else null. */
function parseHeader(header: Buffer): { opcode: number; length: number } | null {
  if (header.length < 2) return null;
  const opcode = header[0]! & 0x0f;
  const masked = (header[1]! & 0x80) !== 0;
  const short = header[1]! & 0x7f;
  const lengthBytes = short === 126 ? 2 : short === 127 ? 8 : 0;
  const total = 2 + lengthBytes + (masked ? 4 : 0);
  if (header.length < total) return null;
  const length = short === 126 ? header.readUInt16BE(2) : short === 127 ? Number(header.readBigUInt64BE(2)) : short;
  return { opcode, length };
}

/** A final binary frame, masked with a random key (RFC 6455 5.3). */
function maskedFrame(payload: Uint8Array): Buffer {
  const lengthBytes = payload.length < 126 ? 0 : payload.length < 65536 ? 2 : 8;
  const frame = Buffer.alloc(2 + lengthBytes + 4 + payload.length);
  frame[0] = 0x82;
  if (lengthBytes === 0) frame[1] = 0x80 | payload.length;
  else if (lengthBytes === 2) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(payload.length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  const mask = randomBytes(4);
  mask.copy(frame, 2 + lengthBytes);
  const start = 2 + lengthBytes + 4;
  for (let i = 0; i < payload.length; i++) frame[start + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}
