import { createHash, randomBytes } from "node:crypto";
import type { User } from "@accord/domain";
import type { Store } from "../store/Store.js";
import { parseCookies, SESSION_COOKIE } from "./cookies.js";

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/**
 * Sessions are random 256-bit tokens held in an httpOnly cookie; the store keeps
 * only their sha-256, so a copy of the database opens no session.
 */
export class Sessions {
  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
  ) {}

  async create(userId: string): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(Date.now() + this.ttlMs).toISOString();
    await this.store.createSession({ idHash: hashToken(token), userId, expiresAt });
    return token;
  }

  async userFromToken(token: string | undefined): Promise<User | null> {
    if (!token || token.length > 128) return null;
    const session = await this.store.getSession(hashToken(token));
    if (!session || Date.parse(session.expiresAt) <= Date.now()) return null;
    return this.store.getUser(session.userId);
  }

  userFromCookieHeader(header: string | undefined): Promise<User | null> {
    return this.userFromToken(parseCookies(header).get(SESSION_COOKIE));
  }

  async destroy(token: string | undefined): Promise<void> {
    if (token) await this.store.deleteSession(hashToken(token));
  }
}
