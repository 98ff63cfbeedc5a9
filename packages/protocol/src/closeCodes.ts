/**
 * Close codes of the document socket (`/collab/<recommendationId>`). Servers and
 * clients use these names; nobody spells the numbers out by hand.
 * 4000–4999 is the range RFC 6455 leaves to applications. Following y-websocket's
 * convention, 4400–4499 mirror HTTP 4xx (final: the client must not retry the same thing)
 * and 4500–4599 mean "try again" (its provider reconnects by itself).
 */
export const CloseCode = {
  /** The server is shutting down; the client should reconnect later. */
  ServerShutdown: 1012,
  /** A frame that is not a y-websocket message, or whose content does not decode. */
  MalformedMessage: 4400,
  /** A frame longer than the server's `maxFrameBytes`. */
  FrameTooLarge: 4413,
  /** A Yjs update that does not apply (corrupt or not an update). */
  InvalidUpdate: 4422,
  /**
   * A suggest-only connection (a reviewer's) sent a change other than adding its own suggestion
   * marks or removing its own suggestions (collab/SPEC.md P16). Final: nothing it sent from
   * that update on is stored.
   */
  SuggestionsOnly: 4423,
  /**
   * The connection sent more frames per second than the server allows (`maxMessagesPerSecond`,
   * with a burst of twice that). Final, like HTTP 429 here: a client that floods would flood
   * again after reconnecting, so y-websocket must not reconnect by itself.
   */
  Flooding: 4429,
  /** The member's role or the recommendation's status changed: reconnect to be checked again. */
  PermissionsChanged: 4509,
  /** The member was removed from the brief or the recommendation was deleted. */
  AccessRevoked: 4403,
  /** The document could not be persisted; nothing was relayed. */
  StoreUnavailable: 4500,
  /**
   * The connection did not read what the server sent: more bytes waited in its send buffer
   * than `maxSocketBufferBytes`, or it held the most when all connections together passed
   * `maxTotalBufferBytes`. Retryable (45xx), unlike Flooding: a reader on a slow or flaky
   * network did nothing wrong, and reconnecting costs it only what it lacks (its own state
   * vector goes with its sync step 1).
   */
  SlowReader: 4503,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

export function closeCodeName(code: number): string {
  for (const [name, value] of Object.entries(CloseCode)) if (value === code) return name;
  return `Unknown(${code})`;
}

/** The y-websocket framing: the first varint of every frame. */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

export const COLLAB_PATH_PREFIX = "/collab/";
/** The Tiptap body of a recommendation lives in this XmlFragment of the Y.Doc. */
export const BODY_FRAGMENT = "default";

export function collabPath(recommendationId: string): string {
  return COLLAB_PATH_PREFIX + encodeURIComponent(recommendationId);
}
