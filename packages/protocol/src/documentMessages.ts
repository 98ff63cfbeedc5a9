/**
 * Accord's own messages on the document socket, beside y-websocket's four (MessageType). Each is
 * a varuint message type and then its fields, as lib0 writes them. Types from 100 on, far from
 * y-websocket's 0–3, so that a future y-websocket type cannot be mistaken for one of ours.
 * See server/src/collab/SPEC.md (P14, P15).
 */
export const AccordMessageType = {
  /**
   * Client → server, no fields: "acknowledge my updates" (P15). A client that never sends it is
   * never sent `Stored`, so plain y-websocket clients see nothing new.
   */
  AcksWanted: 100,
  /**
   * Server → client: varuint n — the first n update-carrying messages (sync step 2 or update)
   * this connection sent are settled: stored durably (D1), or they held nothing the document
   * lacked. Cumulative, and never sent before the update is in the store (P15).
   */
  Stored: 101,
  /**
   * Server → client: varuint n (which of its update-carrying messages, counted from 1 on this
   * connection), varstring reason (an `EditRefusedReason`), varstring message for people. The
   * update carried something new and was not stored, because the connection is read-only (P14).
   */
  EditRefused: 102,
} as const;
export type AccordMessageType = (typeof AccordMessageType)[keyof typeof AccordMessageType];

/** Why the server refused an edit (P14). */
export const EditRefusedReason = {
  /** The recommendation is approved: its text is locked until a lead reopens it. */
  Approved: "approved",
  /** The member's role (reviewer, viewer) does not edit text. */
  Role: "role",
  /** Read-only for a reason the server did not record. */
  ReadOnly: "read-only",
} as const;
export type EditRefusedReason = (typeof EditRefusedReason)[keyof typeof EditRefusedReason];

export function editRefusedMessage(reason: EditRefusedReason): string {
  switch (reason) {
    case EditRefusedReason.Approved:
      return "This recommendation was approved, so its text is locked until a lead reopens it.";
    case EditRefusedReason.Role:
      return "Your role in this brief lets you read and comment, not edit the text.";
    default:
      return "You may not edit this recommendation's text now.";
  }
}

/** Whether a y-websocket frame the client sends carries an update (sync step 2 or update): what `Stored` counts. */
export function isUpdateFrame(frame: Uint8Array): boolean {
  // Message type Sync (0), then sync step 2 (1) or update (2).
  return frame.length >= 2 && frame[0] === 0 && (frame[1] === 1 || frame[1] === 2);
}
