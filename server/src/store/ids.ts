import { randomBytes } from "node:crypto";

/**
 * A new entity id: 16 random bytes (128 bits, unguessable) as base64url, so it is
 * safe in URLs, room names and document names without escaping (22 characters,
 * always matching /^[A-Za-z0-9_-]{1,64}$/).
 */
export function newId(): string {
  return randomBytes(16).toString("base64url");
}
